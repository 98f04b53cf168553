//! The program's items: every struct, enum, signal, trait, function, constant and global
//! of every module, with resolved types and signatures. Built before any body is
//! checked, so bodies may refer to items declared anywhere.
use std::collections::HashMap;

use cprime_bytecode::builtins;
use cprime_bytecode::{Global, GlobalInit, Kind, Layout, LayoutKind, Module};

use crate::ast::*;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::types::{IntTy, Ty, TypeNames, INT};

/// What a name in a module scope denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Def {
    Struct(u32),
    Enum(u32),
    /// A signal kind, by layout id.
    Signal(u32),
    Trait(u32),
    Fn(u32),
    Const(u32),
    Global(u32),
    Mod(u32),
    Variant(u32, u32),
}

/// A module's names. Module 0 is the root file.
pub struct Scope {
    pub names: HashMap<String, Def>,
    pub parent: Option<u32>,
    pub file: u32,
}

pub struct StructInfo<'a> {
    pub name: String,
    pub layout: u32,
    pub fields: Vec<(String, Ty)>,
    pub decl: Option<&'a StructDecl<'a>>,
    pub is_class: bool,
    /// The functional class whose `destruct` runs when an owning binding leaves scope.
    pub constructed_by: Option<String>,
}

pub struct VariantInfo {
    pub name: String,
    pub layout: u32,
    pub fields: Vec<(String, Ty)>,
    /// Tuple-style (`B(int)`) rather than struct-style (`C { x: int }`).
    pub tuple: bool,
}

pub struct EnumInfo {
    pub name: String,
    pub variants: Vec<VariantInfo>,
}

pub struct SignalInfo {
    pub fields: Vec<(String, Ty)>,
}

pub struct TraitInfo<'a> {
    pub name: String,
    /// Method name, dyn slot, declaration (with a default body or not).
    pub methods: Vec<(String, u32, &'a FnDecl<'a>)>,
    /// Associated constants (`const HAS_COROUTINES: bool = false;`), with the scope
    /// their defaults are evaluated in.
    pub consts: &'a [TraitConst<'a>],
    pub scope: u32,
}

pub struct ConstInfo<'a> {
    pub name: String,
    pub ty: Option<Type<'a>>,
    pub value: &'a Expr<'a>,
    pub scope: u32,
}

/// A function to compile: free function, method, or a trait default instantiated for a type.
pub struct FnInfo<'a> {
    /// Display name used in stack traces (`Point::new`, `main`).
    pub name: String,
    pub decl: &'a FnDecl<'a>,
    pub scope: u32,
    pub file: u32,
    /// The receiver type of a method (also for static methods: `Self`).
    pub self_ty: Option<Ty>,
    pub has_self: bool,
    pub params: Vec<(String, Ty)>,
    pub ret: Ty,
    /// Signals that may propagate out (layout ids).
    pub except: Vec<u32>,
    pub is_entry: bool,
    pub is_test: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TyKey {
    Struct(u32),
    Enum(u32),
}

impl TyKey {
    pub fn of(t: &Ty) -> Option<TyKey> {
        match t {
            Ty::Struct(s) => Some(TyKey::Struct(*s)),
            Ty::Enum(e) => Some(TyKey::Enum(*e)),
            _ => None,
        }
    }
}

pub struct Program<'a> {
    pub scopes: Vec<Scope>,
    pub structs: Vec<StructInfo<'a>>,
    pub enums: Vec<EnumInfo>,
    /// Signal kinds by layout id (builtins included).
    pub signals: HashMap<u32, SignalInfo>,
    pub traits: Vec<TraitInfo<'a>>,
    pub fns: Vec<FnInfo<'a>>,
    pub consts: Vec<ConstInfo<'a>>,
    /// Methods by receiver type and name.
    pub methods: HashMap<(TyKey, String), u32>,
    /// Which types implement which traits.
    pub impls: Vec<(TyKey, u32)>,
    /// Associated constants (`R::HAS_COROUTINES`), from impls and trait defaults: index
    /// into `consts`.
    pub assoc_consts: HashMap<(TyKey, String), u32>,
    /// `use` aliases per scope: alias -> path segments.
    pub uses: Vec<(u32, String, Vec<String>, Span)>,
    pub module: Module,
    /// Number of method slots handed out for `dyn` dispatch.
    pub slot_count: u32,
    /// The standard prelude's scope, where the compiler finds the functions it calls
    /// for the program (`log_write`), whatever the program itself names them.
    pub prelude_scope: Option<u32>,
    /// The type of each `static` (by global id): declared, or its initializer's; an
    /// erroneous one is `Ty::Error`, so its uses add no errors of their own.
    pub global_tys: HashMap<u32, Ty>,
    /// Each `static`'s scope, initializer and whether it is `mut`: an immutable one may
    /// appear in constant expressions (`static J: int = I * 2;`).
    pub static_inits: HashMap<u32, (u32, &'a Expr<'a>, bool)>,
    /// `consts::check`'s answers, and the constants it is evaluating now (a reference
    /// to one of those is a cycle).
    pub const_checks: core::cell::RefCell<crate::consts::Checks>,
}

/// Items found inside function bodies, hoisted to their module.
fn nested_items<'a>(block: &'a Block<'a>, out: &mut Vec<&'a Item<'a>>) {
    for s in block.stmts {
        if let StmtKind::Item(it) = s.kind {
            out.push(it);
        }
    }
}

pub fn cfg_holds(pred: &CfgPred, features: &[String]) -> bool {
    match pred {
        CfgPred::Feature(f) => features.iter().any(|x| x == f),
        CfgPred::Not(p) => !cfg_holds(p, features),
        CfgPred::All(ps) => ps.iter().all(|p| cfg_holds(p, features)),
        CfgPred::Any(ps) => ps.iter().any(|p| cfg_holds(p, features)),
        CfgPred::Other(_) => false,
    }
}

pub fn attrs_enabled(attrs: &[Attr], features: &[String]) -> bool {
    attrs.iter().all(|a| match &a.kind {
        AttrKind::Cfg(p) => cfg_holds(p, features),
        _ => true,
    })
}

impl<'a> TypeNames for Program<'a> {
    fn struct_name(&self, id: u32) -> String {
        self.structs.get(id as usize).map_or("?".into(), |s| s.name.clone())
    }
    fn enum_name(&self, id: u32) -> String {
        self.enums.get(id as usize).map_or("?".into(), |s| s.name.clone())
    }
    fn layout_name(&self, id: u32) -> String {
        self.module.layout(id).map_or("?".into(), |l| l.name.clone())
    }
    fn trait_name(&self, id: u32) -> String {
        self.traits.get(id as usize).map_or("?".into(), |s| s.name.clone())
    }
}

/// One parsed file and the module scope it fills.
pub struct ParsedModule<'a> {
    pub scope_parent: Option<u32>,
    pub name: Option<String>,
    pub file: u32,
    pub items: &'a [Item<'a>],
}

impl Program<'_> {
    /// Whether a type `leaf` accepts is somewhere inside `t`, through collections, fields
    /// and signal payloads; `seen` are the structs, enums and signals being looked into
    /// (a recursive type adds nothing the second time).
    pub fn holds(&self, t: &Ty, leaf: &dyn Fn(&Ty) -> bool, seen: &mut Vec<Ty>) -> bool {
        match t {
            t if leaf(t) => true,
            Ty::Vec(e) | Ty::Option(e) => self.holds(e, leaf, seen),
            Ty::Map(a, b) | Ty::Result(a, b) => self.holds(a, leaf, seen) || self.holds(b, leaf, seen),
            Ty::Tuple(ts) => ts.iter().any(|t| self.holds(t, leaf, seen)),
            Ty::Struct(_) | Ty::Enum(_) if seen.contains(t) => false,
            Ty::Struct(id) => {
                seen.push(t.clone());
                let fields = self.structs.get(*id as usize).map(|s| s.fields.clone()).unwrap_or_default();
                fields.iter().any(|(_, f)| self.holds(f, leaf, seen))
            }
            Ty::Enum(id) => {
                seen.push(t.clone());
                let Some(e) = self.enums.get(*id as usize) else { return false };
                let fields: Vec<Ty> = e.variants.iter().flat_map(|v| v.fields.iter().map(|(_, f)| f.clone())).collect();
                fields.iter().any(|f| self.holds(f, leaf, seen))
            }
            // signal values: their payload fields (which may hold signals again)
            Ty::Sig(_) | Ty::SigSet(_) | Ty::AnySignal if seen.contains(t) => false,
            Ty::Sig(_) | Ty::SigSet(_) | Ty::AnySignal => {
                seen.push(t.clone());
                let layouts = self.signal_layouts(t);
                layouts.iter().any(|l| self.signal_fields(*l).iter().any(|f| self.holds(f, leaf, seen)))
            }
            _ => false,
        }
    }

    /// The signal kinds a value of signal type `t` may be (every declared one for
    /// `Signal`).
    pub fn signal_layouts(&self, t: &Ty) -> Vec<u32> {
        match t {
            Ty::Sig(l) => vec![*l],
            Ty::SigSet(ls) => ls.clone(),
            _ => {
                let mut all: Vec<u32> = self.signals.keys().copied().collect();
                all.sort_unstable();
                all
            }
        }
    }

    pub fn signal_fields(&self, layout: u32) -> Vec<Ty> {
        self.signals.get(&layout).map_or(Vec::new(), |s| s.fields.iter().map(|(_, t)| t.clone()).collect())
    }
}

impl<'a> Default for Program<'a> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Program<'a> {
    pub fn new() -> Self {
        let mut p = Program {
            prelude_scope: None,
            global_tys: HashMap::new(),
            static_inits: HashMap::new(),
            const_checks: Default::default(),
            scopes: Vec::new(),
            structs: Vec::new(),
            enums: Vec::new(),
            signals: HashMap::new(),
            traits: Vec::new(),
            fns: Vec::new(),
            consts: Vec::new(),
            methods: HashMap::new(),
            impls: Vec::new(),
            assoc_consts: HashMap::new(),
            uses: Vec::new(),
            module: Module::new(),
            slot_count: 0,
        };
        for (id, l) in p.module.layouts.iter().enumerate() {
            if l.kind == LayoutKind::Signal {
                let fields = l
                    .fields
                    .iter()
                    .map(|(n, k)| {
                        let t = match k {
                            Kind::Int => INT,
                            Kind::Float => Ty::Float,
                            Kind::Ref => Ty::Str,
                        };
                        (n.clone(), t)
                    })
                    .collect();
                p.signals.insert(id as u32, SignalInfo { fields });
            }
        }
        p
    }

    pub fn implements(&self, t: &Ty, tr: u32) -> bool {
        TyKey::of(t).is_some_and(|k| self.impls.contains(&(k, tr)))
    }

    /// Adds a layout to the module and returns its id.
    pub fn add_layout(&mut self, name: &str, kind: LayoutKind, fields: Vec<(String, Kind)>) -> u32 {
        self.module.layouts.push(Layout { name: name.to_string(), kind, fields });
        self.module.layouts.len() as u32 - 1
    }

    fn define(&mut self, scope: u32, name: &str, def: Def, span: Span, diags: &mut Diagnostics) {
        let names = &mut self.scopes[scope as usize].names;
        if names.contains_key(name) {
            diags.push(Diagnostic::error(span, format!("the name `{name}` is defined more than once")).label("redefined here"));
        } else {
            names.insert(name.to_string(), def);
        }
    }

    /// Looks a single name up in a scope and its parents, then builtin signals.
    pub fn lookup(&self, scope: u32, name: &str) -> Option<Def> {
        let mut s = Some(scope);
        while let Some(id) = s {
            let sc = &self.scopes[id as usize];
            if let Some(d) = sc.names.get(name) {
                return Some(*d);
            }
            s = sc.parent;
        }
        builtin_signal(name).map(Def::Signal)
    }

    /// A function of the standard prelude, by name (`None` without a prelude).
    pub fn prelude_fn(&self, name: &str) -> Option<u32> {
        match self.scopes.get(self.prelude_scope? as usize)?.names.get(name) {
            Some(Def::Fn(f)) => Some(*f),
            _ => None,
        }
    }

    /// Whether runtime struct `sid` (a runtime written in CPrime) declares
    /// `HAS_COROUTINES = true`.
    pub fn declares_coroutines(&self, sid: u32) -> bool {
        self.assoc_consts
            .get(&(TyKey::Struct(sid), "HAS_COROUTINES".to_string()))
            .and_then(|&c| crate::consts::eval_const(self, c).ok())
            .is_some_and(|v| v == crate::consts::ConstVal::Int(1, Ty::Bool))
    }

    /// Whether function `f` is the standard prelude's (in its file).
    pub fn is_prelude_fn(&self, f: u32) -> bool {
        let file_of = |scope: u32| self.scopes.get(scope as usize).map(|s| s.file);
        let Some(prelude) = self.prelude_scope.and_then(file_of) else { return false };
        self.fns.get(f as usize).is_some_and(|i| file_of(i.scope) == Some(prelude))
    }

    /// Resolves a path of names (`geometry::Point`, `Shape::Circle`, `std::X`).
    pub fn lookup_path(&self, mut scope: u32, mut segs: &[&str]) -> Option<Def> {
        // `super::` starts at the enclosing module (each one more level up)
        while let Some((&"super", rest)) = segs.split_first() {
            scope = self.scopes.get(scope as usize)?.parent?;
            segs = rest;
        }
        let segs: Vec<&str> = segs.iter().copied().skip_while(|s| *s == "std" || *s == "crate" || *s == "self").collect();
        let (first, rest) = segs.split_first()?;
        self.lookup_within(self.lookup(scope, first)?, rest)
    }

    /// The item path `rest` names inside `def` (a module's item, an enum's variant, an
    /// associated constant).
    pub fn lookup_within(&self, mut def: Def, rest: &[&str]) -> Option<Def> {
        for seg in rest {
            def = match def {
                Def::Mod(m) => *self.scopes[m as usize].names.get(*seg)?,
                Def::Enum(e) => match self.enums[e as usize].variants.iter().position(|v| v.name == *seg) {
                    Some(i) => Def::Variant(e, i as u32),
                    None => Def::Const(*self.assoc_consts.get(&(TyKey::Enum(e), seg.to_string()))?),
                },
                Def::Struct(s) => Def::Const(*self.assoc_consts.get(&(TyKey::Struct(s), seg.to_string()))?),
                _ => return None,
            };
        }
        Some(def)
    }

    /// Registers the names of a module's items (first pass).
    pub fn declare(&mut self, pm: &ParsedModule<'a>, features: &[String], diags: &mut Diagnostics, pending_mods: &mut Vec<(u32, &'a Item<'a>)>) -> u32 {
        let scope = self.scopes.len() as u32;
        self.scopes.push(Scope { names: HashMap::new(), parent: pm.scope_parent, file: pm.file });
        let mut all: Vec<&'a Item<'a>> = pm.items.iter().collect();
        // items nested in function bodies are hoisted into the module
        let mut i = 0;
        while i < all.len() {
            if let ItemKind::Fn(f) = all[i].kind {
                if let Some(b) = f.body {
                    nested_items(b, &mut all);
                }
            }
            i += 1;
        }
        for item in all {
            if !attrs_enabled(item.attrs, features) {
                continue;
            }
            self.declare_item(scope, pm.file, item, diags, pending_mods);
        }
        scope
    }

    fn declare_item(&mut self, scope: u32, file: u32, item: &'a Item<'a>, diags: &mut Diagnostics, pending_mods: &mut Vec<(u32, &'a Item<'a>)>) {
        match item.kind {
            ItemKind::Struct(s) | ItemKind::Class(s) => {
                let id = self.structs.len() as u32;
                let layout = self.add_layout(s.name.name, LayoutKind::Struct, Vec::new());
                self.structs.push(StructInfo {
                    name: s.name.name.to_string(),
                    layout,
                    fields: Vec::new(),
                    decl: Some(s),
                    is_class: matches!(item.kind, ItemKind::Class(_)),
                    constructed_by: s.constructed_by.map(|c| c.name.to_string()),
                });
                self.define(scope, s.name.name, Def::Struct(id), s.name.span, diags);
            }
            ItemKind::Enum(e) => {
                let id = self.enums.len() as u32;
                let mut variants = Vec::new();
                for (i, v) in e.variants.iter().enumerate() {
                    let layout = self.add_layout(
                        v.name.name,
                        LayoutKind::Variant { enum_name: e.name.name.to_string(), index: i as u32 },
                        Vec::new(),
                    );
                    variants.push(VariantInfo { name: v.name.name.to_string(), layout, fields: Vec::new(), tuple: v.fields.is_empty() });
                }
                self.enums.push(EnumInfo { name: e.name.name.to_string(), variants });
                self.define(scope, e.name.name, Def::Enum(id), e.name.span, diags);
            }
            ItemKind::Signal { name, .. } => {
                let layout = self.add_layout(name.name, LayoutKind::Signal, Vec::new());
                self.signals.insert(layout, SignalInfo { fields: Vec::new() });
                self.define(scope, name.name, Def::Signal(layout), name.span, diags);
            }
            ItemKind::Trait(t) => {
                let id = self.traits.len() as u32;
                let mut methods = Vec::new();
                for m in t.methods {
                    methods.push((m.name.name.to_string(), self.slot_count, *m));
                    self.module.slots.push(format!("{}::{}", t.name.name, m.name.name));
                    self.slot_count += 1;
                }
                self.traits.push(TraitInfo { name: t.name.name.to_string(), methods, consts: t.consts, scope });
                self.define(scope, t.name.name, Def::Trait(id), t.name.span, diags);
            }
            ItemKind::Fn(f) => {
                let id = self.push_fn(scope, file, f.name.name.to_string(), f, None);
                let is_test = item.attrs.iter().any(|a| matches!(a.kind, AttrKind::Test));
                self.fns[id as usize].is_test = is_test;
                // `cprime test` calls a test with nothing to pass it (as libtest)
                if is_test && !f.params.is_empty() {
                    diags.push(
                        Diagnostic::error(f.name.span, format!("test `{}` takes parameters", f.name.name))
                            .label("a test is called without arguments")
                            .help("take no parameters: build the values the test needs inside it"),
                    );
                }
                self.define(scope, f.name.name, Def::Fn(id), f.name.span, diags);
            }
            ItemKind::FunctionalClass { name, .. } => {
                // a functional class is a namespace of functions: a struct without fields
                let id = self.structs.len() as u32;
                let layout = self.add_layout(name.name, LayoutKind::Struct, Vec::new());
                self.structs.push(StructInfo {
                    name: name.name.to_string(),
                    layout,
                    fields: Vec::new(),
                    decl: None,
                    is_class: false,
                    constructed_by: None,
                });
                self.define(scope, name.name, Def::Struct(id), name.span, diags);
            }
            ItemKind::Impl(_) => {}
            ItemKind::Const { name, ty, value } => {
                let id = self.consts.len() as u32;
                self.consts.push(ConstInfo { name: name.name.to_string(), ty, value, scope });
                self.define(scope, name.name, Def::Const(id), name.span, diags);
            }
            ItemKind::Static { name, .. } => {
                let id = self.module.globals.len() as u32;
                // kind and initial value are filled in by `define_globals`
                self.module.globals.push(Global { name: name.name.to_string(), kind: Kind::Int, init: GlobalInit::Int(0) });
                self.define(scope, name.name, Def::Global(id), name.span, diags);
            }
            ItemKind::Mod { .. } => pending_mods.push((scope, item)),
            ItemKind::Use { path, alias, glob } => {
                let segs: Vec<String> = path.segs.iter().map(|s| s.name.to_string()).collect();
                if glob {
                    self.uses.push((scope, "*".into(), segs, path.span));
                } else {
                    let name = alias.map(|a| a.name).unwrap_or(path.last()).to_string();
                    self.uses.push((scope, name, segs, path.span));
                }
            }
        }
    }

    pub fn push_fn(&mut self, scope: u32, file: u32, name: String, decl: &'a FnDecl<'a>, self_ty: Option<Ty>) -> u32 {
        self.fns.push(FnInfo {
            name,
            decl,
            scope,
            file,
            self_ty,
            has_self: decl.self_param.is_some(),
            params: Vec::new(),
            ret: Ty::Unit,
            except: Vec::new(),
            is_entry: decl.entry.is_some(),
            is_test: false,
        });
        self.fns.len() as u32 - 1
    }

    /// Resolves `use` items into scope aliases.
    pub fn resolve_uses(&mut self, diags: &mut Diagnostics) {
        let uses = std::mem::take(&mut self.uses);
        for (scope, name, segs, span) in &uses {
            let segs_ref: Vec<&str> = segs.iter().map(|s| s.as_str()).collect();
            if name == "*" {
                match self.lookup_path(*scope, &segs_ref) {
                    Some(Def::Mod(m)) => {
                        let names: Vec<(String, Def)> = self.scopes[m as usize].names.iter().map(|(k, v)| (k.clone(), *v)).collect();
                        for (k, v) in names {
                            self.scopes[*scope as usize].names.entry(k).or_insert(v);
                        }
                    }
                    Some(Def::Enum(e)) => {
                        for (i, v) in self.enums[e as usize].variants.iter().enumerate() {
                            self.scopes[*scope as usize].names.entry(v.name.clone()).or_insert(Def::Variant(e, i as u32));
                        }
                    }
                    _ => {
                        if !is_std_path(&segs_ref) {
                            diags.push(Diagnostic::error(*span, format!("unresolved import `{}`", segs.join("::"))));
                        }
                    }
                }
                continue;
            }
            match self.lookup_path(*scope, &segs_ref) {
                Some(d) => {
                    self.scopes[*scope as usize].names.entry(name.clone()).or_insert(d);
                }
                None => {
                    // `use std::collections::HashMap;` and friends name builtins
                    if !is_std_path(&segs_ref) {
                        diags.push(Diagnostic::error(*span, format!("unresolved import `{}`", segs.join("::"))).label("no such item"));
                    }
                }
            }
        }
        self.uses = uses;
    }

    /// Second pass: field types, variants, impls, signatures, globals.
    pub fn define_items(&mut self, modules: &[(u32, &'a [Item<'a>])], features: &[String], sm: &SourceMap, diags: &mut Diagnostics) {
        let mut all: Vec<(u32, &'a Item<'a>)> = Vec::new();
        for &(scope, items) in modules {
            let mut list: Vec<&'a Item<'a>> = items.iter().collect();
            let mut i = 0;
            while i < list.len() {
                if let ItemKind::Fn(f) = list[i].kind {
                    if let Some(b) = f.body {
                        nested_items(b, &mut list);
                    }
                }
                i += 1;
            }
            all.extend(list.into_iter().filter(|it| attrs_enabled(it.attrs, features)).map(|it| (scope, it)));
        }
        // signal payload fields, checked once every type's fields are known
        let mut payloads: Vec<(Span, Ty)> = Vec::new();
        // fields of structs, classes, enum variants and signals
        for &(scope, item) in &all {
            match item.kind {
                ItemKind::Struct(s) | ItemKind::Class(s) => {
                    let Some(Def::Struct(id)) = self.scopes[scope as usize].names.get(s.name.name).copied() else { continue };
                    generics_unsupported("structs", s.name.name, s.generics, diags);
                    let fields: Vec<(String, Ty)> = s
                        .fields
                        .iter()
                        .filter(|f| attrs_enabled(f.attrs, features))
                        .map(|f| (f.name.name.to_string(), self.resolve_type(scope, &f.ty, diags)))
                        .collect();
                    self.set_layout_fields(self.structs[id as usize].layout, &fields);
                    self.structs[id as usize].fields = fields;
                }
                ItemKind::Enum(e) => {
                    let Some(Def::Enum(id)) = self.scopes[scope as usize].names.get(e.name.name).copied() else { continue };
                    generics_unsupported("enums", e.name.name, e.generics, diags);
                    // a second enum of the same name (reported as defined twice) maps
                    // to the first one: its variants are not this item's
                    if self.enums[id as usize].variants.len() != e.variants.len() {
                        continue;
                    }
                    for (i, v) in e.variants.iter().enumerate() {
                        let fields: Vec<(String, Ty)> = if v.fields.is_empty() {
                            v.tuple.iter().enumerate().map(|(j, t)| (j.to_string(), self.resolve_type(scope, t, diags))).collect()
                        } else {
                            v.fields.iter().map(|f| (f.name.name.to_string(), self.resolve_type(scope, &f.ty, diags))).collect()
                        };
                        let layout = self.enums[id as usize].variants[i].layout;
                        self.set_layout_fields(layout, &fields);
                        self.enums[id as usize].variants[i].fields = fields;
                    }
                }
                ItemKind::Signal { name, fields } => {
                    let Some(Def::Signal(layout)) = self.scopes[scope as usize].names.get(name.name).copied() else { continue };
                    let decls = fields;
                    let fields: Vec<(String, Ty)> = decls.iter().map(|f| (f.name.name.to_string(), self.resolve_type(scope, &f.ty, diags))).collect();
                    self.set_layout_fields(layout, &fields);
                    payloads.extend(decls.iter().zip(&fields).map(|(f, (_, ty))| (f.ty.span, ty.clone())));
                    self.signals.insert(layout, SignalInfo { fields });
                }
                _ => {}
            }
        }
        // a payload is printed when the signal goes unhandled: a scheduler handle has no
        // text form (and would print as a number), in a field or anywhere inside one
        // (once every struct's and enum's fields are known)
        for (span, ty) in payloads {
            if self.holds(&ty, &|t| matches!(t, Ty::Scheduler), &mut Vec::new()) {
                let label = if matches!(ty, Ty::Scheduler) { "a handle on the running scheduler, not a value" } else { "it holds a handle on the running scheduler, not a value" };
                diags.push(
                    Diagnostic::error(span, "a signal's payload cannot hold a `CoroutineScheduler`")
                        .label(label)
                        .help("call `CoroutineScheduler::new()` where the signal is caught instead"),
                );
            }
        }
        // methods: struct bodies, impls, functional classes
        let mut impl_methods = Vec::new();
        for &(scope, item) in &all {
            let file = self.scopes[scope as usize].file;
            match item.kind {
                ItemKind::Struct(s) | ItemKind::Class(s) => {
                    let Some(Def::Struct(id)) = self.scopes[scope as usize].names.get(s.name.name).copied() else { continue };
                    for m in s.methods {
                        self.add_method(scope, file, TyKey::Struct(id), Ty::Struct(id), m, diags);
                    }
                }
                ItemKind::FunctionalClass { name, methods } => {
                    let Some(Def::Struct(id)) = self.scopes[scope as usize].names.get(name.name).copied() else { continue };
                    for m in methods {
                        self.add_method(scope, file, TyKey::Struct(id), Ty::Struct(id), m, diags);
                    }
                }
                ItemKind::Impl(imp) => self.define_impl(scope, file, imp, &mut impl_methods, diags),
                _ => {}
            }
        }
        // signatures
        for i in 0..self.fns.len() {
            self.define_signature(i, diags);
        }
        for (func, tr, decl) in impl_methods {
            self.check_impl_method(func, tr, decl, diags);
        }
        // a trait's method declarations name types that must exist, implemented or not
        // (reported once: the impls' checks resolve the same spans again)
        for tr in 0..self.traits.len() {
            let (scope, decls): (u32, Vec<&'a FnDecl<'a>>) = (self.traits[tr].scope, self.traits[tr].methods.iter().map(|m| m.2).collect());
            for decl in decls {
                for ty in decl.params.iter().map(|p| &p.ty).chain(decl.ret.as_ref()) {
                    self.resolve_type_self(scope, ty, Some(&Ty::Error), diags);
                }
            }
        }
        let _ = sm;
    }

    fn set_layout_fields(&mut self, layout: u32, fields: &[(String, Ty)]) {
        let kinds: Vec<(String, Kind)> = fields.iter().map(|(n, t)| (n.clone(), kind_of(t))).collect();
        self.module.layouts[layout as usize].fields = kinds;
    }

    fn add_method(&mut self, scope: u32, file: u32, key: TyKey, self_ty: Ty, m: &'a FnDecl<'a>, diags: &mut Diagnostics) -> u32 {
        let tname = self.type_key_name(key);
        let id = self.push_fn(scope, file, format!("{}::{}", tname, m.name.name), m, Some(self_ty));
        if self.methods.insert((key, m.name.name.to_string()), id).is_some() {
            diags.push(Diagnostic::error(m.name.span, format!("duplicate definitions of method `{}` for `{tname}`", m.name.name)));
        }
        id
    }

    fn type_key_name(&self, k: TyKey) -> String {
        match k {
            TyKey::Struct(s) => self.structs[s as usize].name.clone(),
            TyKey::Enum(e) => self.enums[e as usize].name.clone(),
        }
    }

    /// Defines the methods of `imp`; those that implement a trait's method are listed in
    /// `impl_methods` (with the trait and its declaration) for `check_impl_method`.
    fn define_impl(&mut self, scope: u32, file: u32, imp: &'a ImplDecl<'a>, impl_methods: &mut Vec<(u32, u32, &'a FnDecl<'a>)>, diags: &mut Diagnostics) {
        let self_ty = self.resolve_type(scope, &imp.self_ty, diags);
        let Some(key) = TyKey::of(&self_ty) else {
            // `impl Runtime for default` names a builtin runtime: accepted, its methods are
            // ordinary functions of no type (issue: user runtimes).
            if !matches!(self_ty, Ty::Error) {
                diags.push(Diagnostic::error(imp.self_ty.span, "methods can only be implemented for structs, classes and enums"));
            }
            return;
        };
        let mut own: Vec<(String, u32)> = Vec::new();
        for m in imp.methods {
            let id = self.add_method(scope, file, key, self_ty.clone(), m, diags);
            own.push((m.name.name.to_string(), id));
        }
        for c in imp.consts {
            if let Some(value) = c.value {
                self.add_assoc_const(key, c.name.name, c.ty, value, scope);
            }
        }
        let Some(tp) = imp.trait_ else { return };
        let segs: Vec<&str> = tp.segs.iter().map(|s| s.name).collect();
        let tr = match self.lookup_path(scope, &segs) {
            Some(Def::Trait(t)) => t,
            _ => {
                if !matches!(tp.last(), "Display" | "Debug" | "Clone" | "Copy" | "PartialEq" | "Default" | "Drop") {
                    diags.push(Diagnostic::error(tp.span, format!("cannot find trait `{}`", tp.last())).label("not found"));
                }
                return;
            }
        };
        self.impls.push((key, tr));
        // trait constants the impl does not set take the trait's default
        let (tconsts, tscope) = (self.traits[tr as usize].consts, self.traits[tr as usize].scope);
        for c in tconsts {
            if let (Some(value), false) = (c.value, imp.consts.iter().any(|o| o.name.name == c.name.name)) {
                self.add_assoc_const(key, c.name.name, c.ty, value, tscope);
            }
        }
        let tmethods: Vec<(String, u32, &'a FnDecl<'a>)> = self.traits[tr as usize].methods.clone();
        for (name, slot, decl) in tmethods {
            let func = match own.iter().find(|(n, _)| *n == name) {
                Some(&(_, f)) => {
                    impl_methods.push((f, tr, decl));
                    f
                }
                None => match decl.body {
                    Some(_) => self.add_method(scope, file, key, self_ty.clone(), decl, diags),
                    None => {
                        diags.push(
                            Diagnostic::error(imp.self_ty.span, format!("missing method `{name}` in implementation of `{}`", self.traits[tr as usize].name))
                                .label(format!("`{name}` is required by the trait")),
                        );
                        continue;
                    }
                },
            };
            // a static trait function (`fn init()` of `Runtime`) has no receiver to
            // dispatch on: called as `Type::init()` only
            if decl.self_param.is_none() {
                continue;
            }
            let layout = match key {
                TyKey::Struct(s) => vec![self.structs[s as usize].layout],
                TyKey::Enum(e) => self.enums[e as usize].variants.iter().map(|v| v.layout).collect(),
            };
            for l in layout {
                self.module.vtables.push(cprime_bytecode::VTableEntry { layout: l, slot, func });
            }
        }
    }

    /// Checks that method `func` of an impl of trait `tr` has the signature of the
    /// trait's declaration `decl` (`Self` being the impl's type), unless both are static
    /// functions: the same receiver, parameter and result types, and `async` or not, as
    /// in Rust (a call through `dyn` passes what the declaration says).
    fn check_impl_method(&mut self, func: u32, tr: u32, decl: &'a FnDecl<'a>, diags: &mut Diagnostics) {
        let f = &self.fns[func as usize];
        let (own, self_ty, scope) = (f.decl, f.self_ty.clone(), self.traits[tr as usize].scope);
        // a static trait function is called by its type's name, never through `dyn`: a
        // runtime's `init` takes what that runtime's own stages pass it
        if decl.self_param.is_none() && own.self_param.is_none() {
            return;
        }
        let (trait_name, name) = (self.traits[tr as usize].name.clone(), decl.name.name);
        // parameter types (after `self`), then the result type; what the declaration
        // names and does not exist is reported here (once, however many impls)
        let mut want: Vec<Ty> = decl.params.iter().map(|p| self.resolve_type_self(scope, &p.ty, self_ty.as_ref(), diags)).collect();
        want.push(decl.ret.as_ref().map_or(Ty::Unit, |t| self.resolve_type_self(scope, t, self_ty.as_ref(), diags)));
        // (the impl's own, as its signature resolved them)
        let mut have: Vec<Ty> = f.params.iter().skip(usize::from(own.self_param.is_some())).map(|(_, t)| t.clone()).collect();
        have.push(f.ret.clone());
        let show = |d: &FnDecl, tys: &[Ty]| {
            let (params, ret) = tys.split_at(tys.len() - 1);
            let mut ps: Vec<String> = d.self_param.iter().map(|s| match s { SelfParam::Value => "self".to_string(), SelfParam::Ref => "&self".into(), SelfParam::RefMut => "&mut self".into() }).collect();
            ps.extend(params.iter().map(|t| self.inf_show(t)));
            format!("{}fn({}) -> {}", if d.is_async { "async " } else { "" }, ps.join(", "), self.inf_show(&ret[0]))
        };
        // as types fit elsewhere (integer types mix, what did not resolve fits anything),
        // in the direction values go: a caller through the trait passes what the
        // declaration says to the impl's parameters, and takes the impl's result as the
        // declaration's
        let fit = |expected: &Ty, actual: &Ty| crate::types::Infer::default().unify(expected, actual, &|_, _| false);
        let last = want.len().saturating_sub(1);
        let fits = want.len() == have.len() && want.iter().zip(&have).enumerate().all(|(i, (w, h))| if i == last { fit(w, h) } else { fit(h, w) });
        if !fits || decl.self_param != own.self_param || decl.is_async != own.is_async {
            diags.push(
                Diagnostic::error(own.name.span, format!("method `{name}` does not match its declaration in trait `{trait_name}`"))
                    .label(format!("expected `{}`, found `{}`", show(decl, &want), show(own, &have))),
            );
        }
    }

    /// `t` as the user would write it.
    fn inf_show(&self, t: &Ty) -> String {
        crate::types::Infer::default().show(t, self)
    }

    fn add_assoc_const(&mut self, key: TyKey, name: &str, ty: Type<'a>, value: &'a Expr<'a>, scope: u32) {
        self.consts.push(ConstInfo { name: name.to_string(), ty: Some(ty), value, scope });
        self.assoc_consts.insert((key, name.to_string()), self.consts.len() as u32 - 1);
    }

    fn define_signature(&mut self, i: usize, diags: &mut Diagnostics) {
        let decl = self.fns[i].decl;
        generics_unsupported("functions", decl.name.name, decl.generics, diags);
        let scope = self.fns[i].scope;
        let self_ty = self.fns[i].self_ty.clone();
        let mut params = Vec::new();
        if decl.self_param.is_some() {
            params.push(("self".to_string(), self_ty.clone().unwrap_or(Ty::Error)));
        }
        for p in decl.params {
            let name = match p.pat.kind {
                PatKind::Binding { name, .. } => name.name.to_string(),
                _ => "_".to_string(),
            };
            let t = self.resolve_type_self(scope, &p.ty, self_ty.as_ref(), diags);
            params.push((name, t));
        }
        let ret = match &decl.ret {
            Some(t) => self.resolve_type_self(scope, t, self_ty.as_ref(), diags),
            None => Ty::Unit,
        };
        let mut except = Vec::new();
        for p in decl.except {
            let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
            match self.lookup_path(scope, &segs) {
                Some(Def::Signal(l)) => except.push(l),
                _ => diags.push(
                    Diagnostic::error(p.span, format!("`{}` is not a signal", p.last()))
                        .label("expected a signal kind")
                        .help("declare it with `signal NAME;` or `signal NAME { field: Type }`"),
                ),
            }
        }
        let f = &mut self.fns[i];
        f.params = params;
        f.ret = ret;
        f.except = except;
    }

    pub fn resolve_type(&self, scope: u32, t: &Type, diags: &mut Diagnostics) -> Ty {
        self.resolve_type_self(scope, t, None, diags)
    }

    /// Resolves a written type; `Self` means `self_ty`.
    pub fn resolve_type_self(&self, scope: u32, t: &Type, self_ty: Option<&Ty>, diags: &mut Diagnostics) -> Ty {
        match &t.kind {
            TypeKind::Ref { inner, .. } => self.resolve_type_self(scope, inner, self_ty, diags),
            TypeKind::Ptr(_) => Ty::Opaque,
            TypeKind::Slice(inner) => Ty::vec(self.resolve_type_self(scope, inner, self_ty, diags)),
            TypeKind::Tuple([]) => Ty::Unit,
            TypeKind::Tuple(ts) => Ty::Tuple(ts.iter().map(|t| self.resolve_type_self(scope, t, self_ty, diags)).collect()),
            TypeKind::Fn { params, ret } => Ty::Fn(
                params.iter().map(|t| self.resolve_type_self(scope, t, self_ty, diags)).collect(),
                Box::new(ret.map_or(Ty::Unit, |r| self.resolve_type_self(scope, r, self_ty, diags))),
            ),
            TypeKind::Dyn(p) => {
                let segs: Vec<&str> = p.segs.iter().map(|s| s.name).collect();
                match self.lookup_path(scope, &segs) {
                    Some(Def::Trait(tr)) => Ty::Dyn(tr),
                    _ => {
                        diags.push(Diagnostic::error(p.span, format!("cannot find trait `{}`", p.last())).label("not found"));
                        Ty::Error
                    }
                }
            }
            TypeKind::Never => Ty::Never,
            TypeKind::Infer => Ty::Error,
            TypeKind::Path { path, args } => {
                let arg = |i: usize, diags: &mut Diagnostics| -> Ty {
                    match args.get(i) {
                        Some(a) => self.resolve_type_self(scope, a, self_ty, diags),
                        None => Ty::Unit,
                    }
                };
                let segs: Vec<&str> = path.segs.iter().map(|s| s.name).collect();
                let name = path.last();
                if path.is_single() || is_std_path(&segs) {
                    let prim = match name {
                        "int" | "i64" | "isize" | "sig_atomic_t" => Some(INT),
                        "i8" => Some(Ty::Int(IntTy::I8)),
                        "i16" => Some(Ty::Int(IntTy::I16)),
                        "i32" => Some(Ty::Int(IntTy::I32)),
                        "u8" => Some(Ty::Int(IntTy::U8)),
                        "u16" => Some(Ty::Int(IntTy::U16)),
                        "u32" => Some(Ty::Int(IntTy::U32)),
                        "u64" | "usize" => Some(Ty::Int(IntTy::U64)),
                        "f64" | "f32" | "float" => Some(Ty::Float),
                        "bool" => Some(Ty::Bool),
                        "char" => Some(Ty::Char),
                        // a socket address is its text (`127.0.0.1:8080`), as `accept` and
                        // `peer_addr()` give it
                        "String" | "str" | "SocketAddr" => Some(Ty::Str),
                        "void" => Some(Ty::Unit),
                        "Duration" => Some(Ty::Duration),
                        "Signal" => Some(Ty::AnySignal),
                        "Self" => Some(self_ty.cloned().unwrap_or(Ty::Error)),
                        "Vec" => Some(Ty::vec(arg(0, diags))),
                        "HashMap" => Some(Ty::Map(Box::new(arg(0, diags)), Box::new(arg(1, diags)))),
                        "Option" => Some(Ty::option(arg(0, diags))),
                        "Result" | "result" => Some(Ty::Result(
                            Box::new(arg(0, diags)),
                            Box::new(if args.len() > 1 { arg(1, diags) } else { Ty::AnySignal }),
                        )),
                        "Box" | "Rc" | "Arc" | "RefCell" | "Cell" => Some(arg(0, diags)),
                        "task" => Some(arg(0, diags)),
                        "Sender" => Some(Ty::Sender(Box::new(arg(0, diags)))),
                        "Receiver" => Some(Ty::Receiver(Box::new(arg(0, diags)))),
                        "JoinHandle" => Some(Ty::Task(Box::new(arg(0, diags)))),
                        "CoroutineScheduler" => Some(Ty::Scheduler),
                        "TcpListener" => Some(Ty::Tcp(true)),
                        "TcpStream" => Some(Ty::Tcp(false)),
                        _ => None,
                    };
                    if let Some(p) = prim {
                        if self.lookup(scope, name).is_none() {
                            let (min, max) = match name {
                                "Vec" | "Option" | "Box" | "Rc" | "Arc" | "RefCell" | "Cell" | "Sender" | "Receiver" | "JoinHandle" => (1, 1),
                                "HashMap" => (2, 2),
                                "Result" | "result" => (1, 2),
                                "task" => (0, 1),
                                _ => (0, 0),
                            };
                            if args.len() < min || args.len() > max {
                                let want = match (min, max) {
                                    (0, 0) => String::from("no type arguments"),
                                    (1, 1) => String::from("1 type argument"),
                                    (a, b) if a == b => format!("{a} type arguments"),
                                    (a, b) => format!("{a} or {b} type arguments"),
                                };
                                let example = match name {
                                    "HashMap" => format!("`{name}<K, V>`"),
                                    "Result" | "result" => format!("`{name}<T, E>`"),
                                    _ if max == 0 => format!("`{name}`"),
                                    _ => format!("`{name}<T>`"),
                                };
                                diags.push(
                                    Diagnostic::error(path.span, format!("`{name}` takes {want}, but {} given", args.len()))
                                        .label(format!("write {example}")),
                                );
                                return Ty::Error;
                            }
                            return p;
                        }
                    }
                }
                if !args.is_empty() {
                    diags.push(
                        Diagnostic::error(path.span, format!("`{}` takes no type arguments", segs.join("::")))
                            .label("generic types are not supported yet"),
                    );
                }
                match self.lookup_path(scope, &segs) {
                    Some(Def::Struct(s)) => Ty::Struct(s),
                    Some(Def::Enum(e)) => Ty::Enum(e),
                    Some(Def::Signal(l)) => Ty::Sig(l),
                    Some(Def::Trait(tr)) => Ty::Dyn(tr),
                    _ => {
                        diags.push(Diagnostic::error(path.span, format!("cannot find type `{}` in this scope", segs.join("::"))).label("not found"));
                        Ty::Error
                    }
                }
            }
        }
    }
}

/// Paths into the standard library that name builtins (`std::collections::HashMap`).
pub fn is_std_path(segs: &[&str]) -> bool {
    segs.first().is_some_and(|s| *s == "std" || *s == "core" || *s == "alloc")
}

/// A builtin signal kind by name.
pub fn builtin_signal(name: &str) -> Option<u32> {
    let layouts = builtins::layouts();
    layouts.iter().position(|l| l.kind == LayoutKind::Signal && l.name == name).map(|i| i as u32)
}

/// The register kind of a fully known type.
pub use crate::types::kind_of;

/// Type parameters of a function, struct or enum are parsed but not checked yet: one
/// error says so, first, so that the "cannot find type `T`" errors after it make sense.
fn generics_unsupported(what: &str, name: &str, generics: &[crate::ast::Ident], diags: &mut Diagnostics) {
    let Some(first) = generics.first() else { return };
    let span = generics.iter().fold(first.span, |s, g| s.to(g.span));
    diags.push(
        Diagnostic::error(span, format!("generic {what} are not supported yet (`{name}`)"))
            .label("type parameters")
            .help("write it for the concrete types it is used with"),
    );
}
