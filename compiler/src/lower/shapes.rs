//! Shapes for `{:?}` (`DbgT`): what the VM cannot tell from kinds. A `bool`, `char`, `()`,
//! `Duration` or `u64` is an int register, and inside a vector, map or record an int field; without its
//! static type, `Some(true)` would print `Some(1)`. A value whose type holds one of them
//! somewhere is printed with a shape describing that type; any other by its kinds
//! (`DbgR`), as before.
use cprime_bytecode::{builtins, Shape};

use super::Unit;
use crate::items::kind_of;
use crate::types::Ty;

impl Unit<'_> {
    /// The shape index `{:?}` of a value of (resolved) type `t` needs, or `None` when its
    /// kinds say everything (`DbgR`).
    pub fn debug_shape(&mut self, t: &Ty) -> Option<u32> {
        self.holds_int_lookalike(t, &mut Vec::new()).then(|| self.shape(t))
    }

    /// `Module::record_shapes`: the shape of every declared struct, enum variant and
    /// signal layout whose fields hold a `bool`, `char`, `()` or `Duration`, for records
    /// printed without a shape from their context (the report of an unhandled signal).
    pub fn record_shapes(&mut self) {
        let mut types: Vec<Ty> = (0..self.prog.structs.len() as u32).map(Ty::Struct).collect();
        types.extend((0..self.prog.enums.len() as u32).map(Ty::Enum));
        let mut signals: Vec<u32> = self.prog.signals.keys().copied().collect();
        signals.sort_unstable();
        types.extend(signals.into_iter().map(Ty::Sig));
        for t in types {
            // each layout's own fields decide (a field of another type has its own entry)
            if !self.holds_int_lookalike(&t, &mut Vec::new()) {
                continue;
            }
            let s = self.shape(&t);
            if let Some(cprime_bytecode::Shape::Records(rs)) = self.prog.module.shapes.get(s as usize) {
                let layouts: Vec<u32> = rs.iter().map(|(l, _)| *l).collect();
                self.prog.module.record_shapes.extend(layouts.into_iter().map(|l| (l, s)));
            }
        }
    }

    /// Whether a `bool`, `char`, `()` or `Duration` is somewhere inside `t`.
    fn holds_int_lookalike(&self, t: &Ty, seen: &mut Vec<Ty>) -> bool {
        self.prog.holds(t, &|t| matches!(t, Ty::Bool | Ty::Char | Ty::Unit | Ty::Duration | Ty::Int(crate::types::IntTy::U64)), seen)
    }

    /// The shape of type `t`, made once per type.
    fn shape(&mut self, t: &Ty) -> u32 {
        if let Some((_, s)) = self.shapes.iter().find(|(k, _)| k == t) {
            return *s;
        }
        // a struct or enum is numbered before its fields are looked at: a field of its
        // own type refers back to it
        let at = self.prog.module.shapes.len() as u32;
        self.prog.module.shapes.push(Shape::Plain);
        self.shapes.push((t.clone(), at));
        let shape = match t {
            Ty::Bool => Shape::Bool,
            Ty::Char => Shape::Char,
            Ty::Unit => Shape::Unit,
            Ty::Duration => Shape::Duration,
            Ty::Int(crate::types::IntTy::U64) => Shape::Unsigned,
            Ty::Vec(e) => Shape::Items(self.shape(e)),
            Ty::Map(k, v) => Shape::Entries(self.shape(k), self.shape(v)),
            Ty::Option(e) => Shape::Records(vec![(builtins::some(kind_of(e)), vec![self.shape(e)])]),
            Ty::Result(a, b) => Shape::Records(vec![
                (builtins::ok(kind_of(a)), vec![self.shape(a)]),
                (builtins::err(kind_of(b)), vec![self.shape(b)]),
            ]),
            Ty::Tuple(ts) => {
                let layout = self.tuple_layout(ts.iter().map(kind_of).collect());
                let fields = ts.iter().map(|t| self.shape(t)).collect();
                Shape::Records(vec![(layout, fields)])
            }
            Ty::Struct(id) => match self.prog.structs.get(*id as usize) {
                Some(s) => {
                    let (layout, fields) = (s.layout, s.fields.clone());
                    Shape::Records(vec![(layout, fields.iter().map(|(_, f)| self.shape(f)).collect())])
                }
                None => Shape::Plain,
            },
            Ty::Enum(id) => {
                let variants: Vec<(u32, Vec<Ty>)> = self.prog.enums.get(*id as usize).map_or(Vec::new(), |e| {
                    e.variants.iter().map(|v| (v.layout, v.fields.iter().map(|(_, f)| f.clone()).collect())).collect()
                });
                Shape::Records(variants.iter().map(|(l, fs)| (*l, fs.iter().map(|f| self.shape(f)).collect())).collect())
            }
            Ty::Sig(_) | Ty::SigSet(_) | Ty::AnySignal => {
                let layouts = self.prog.signal_layouts(t);
                let mut records = Vec::new();
                for l in layouts {
                    let fields = self.prog.signal_fields(l);
                    records.push((l, fields.iter().map(|f| self.shape(f)).collect()));
                }
                Shape::Records(records)
            }
            _ => Shape::Plain,
        };
        self.prog.module.shapes[at as usize] = shape;
        at
    }
}
