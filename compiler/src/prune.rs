//! Dropping the library functions, globals and constants a program does not use.
//!
//! The prelude is compiled with every program (so it is type-checked with it and its
//! functions are ordinary CPrime), but a module should carry only what can run: a
//! library function is kept when an entry point, a test, a vtable or a kept function
//! refers to it. The program's own functions are always kept, used or not, so
//! `cprime dis` shows everything the user wrote.
use cprime_bytecode::isa::Operand;
use cprime_bytecode::Module;

/// Removes what nothing reachable refers to: functions of file `library`, then globals
/// and string constants no remaining code uses (a global's initializer keeps its
/// constant). Layouts stay: `Tag` compares them as immediates.
pub fn drop_unused(module: &mut Module, library: u32) {
    drop_unused_library_functions(module, library);
    drop_unused_globals(module);
    drop_unused_consts(module);
}

/// Keeps the entries of `items` whose flag is set; returns old index -> new index.
fn squeeze<T>(items: &mut Vec<T>, keep: &[bool]) -> Vec<u32> {
    let mut map = vec![u32::MAX; keep.len()];
    let mut next = 0u32;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            map[i] = next;
            next += 1;
        }
    }
    let old = std::mem::take(items);
    *items = old.into_iter().zip(keep.iter()).filter(|(_, &k)| k).map(|(x, _)| x).collect();
    map
}

/// Applies an operand rewrite to every instruction of the module.
fn rewrite_code(module: &mut Module, f: impl Fn(Operand) -> Option<u32>) {
    for func in &mut module.functions {
        for insn in &mut func.code {
            insn.rewrite_operands(&f);
        }
    }
}

fn drop_unused_globals(module: &mut Module) {
    let mut used = vec![false; module.globals.len()];
    for f in &module.functions {
        for insn in &f.code {
            insn.operands(|_, o| {
                if let Operand::Global(g) = o {
                    if let Some(u) = used.get_mut(g as usize) {
                        *u = true;
                    }
                }
            });
        }
    }
    if used.iter().all(|&u| u) {
        return;
    }
    let map = squeeze(&mut module.globals, &used);
    rewrite_code(module, |o| match o {
        Operand::Global(g) => map.get(g as usize).copied(),
        _ => None,
    });
}

fn drop_unused_consts(module: &mut Module) {
    let mut used = vec![false; module.consts.len()];
    let mut mark = |k: u32| {
        if let Some(u) = used.get_mut(k as usize) {
            *u = true;
        }
    };
    for f in &module.functions {
        for insn in &f.code {
            insn.operands(|_, o| {
                if let Operand::Const(k) = o {
                    mark(k);
                }
            });
        }
    }
    for g in &module.globals {
        if let cprime_bytecode::GlobalInit::Str(k) = g.init {
            mark(k);
        }
    }
    if used.iter().all(|&u| u) {
        return;
    }
    let map = squeeze(&mut module.consts, &used);
    rewrite_code(module, |o| match o {
        Operand::Const(k) => map.get(k as usize).copied(),
        _ => None,
    });
    for g in &mut module.globals {
        if let cprime_bytecode::GlobalInit::Str(k) = &mut g.init {
            *k = map.get(*k as usize).copied().unwrap_or(*k);
        }
    }
}

/// Removes the functions of file `library` that nothing reachable refers to, and
/// renumbers every function reference (calls, closures, entries, tests, vtables).
fn drop_unused_library_functions(module: &mut Module, library: u32) {
    let n = module.functions.len();
    let mut keep = vec![false; n];
    let mut work: Vec<u32> = Vec::new();
    let mark = |f: u32, keep: &mut Vec<bool>, work: &mut Vec<u32>| {
        if let Some(k) = keep.get_mut(f as usize) {
            if !*k {
                *k = true;
                work.push(f);
            }
        }
    };
    for (i, f) in module.functions.iter().enumerate() {
        if f.file != library {
            mark(i as u32, &mut keep, &mut work);
        }
    }
    for f in module.entries.iter().flat_map(|e| [Some(e.func), e.cleanup]).flatten().chain(module.tests.iter().map(|t| t.func)).chain(module.vtables.iter().map(|v| v.func)) {
        mark(f, &mut keep, &mut work);
    }
    while let Some(f) = work.pop() {
        let mut refs = Vec::new();
        for insn in &module.functions[f as usize].code {
            insn.operands(|_, o| {
                if let Operand::Func(g) = o {
                    refs.push(g);
                }
            });
        }
        for g in refs {
            mark(g, &mut keep, &mut work);
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut new_index = vec![u32::MAX; n];
    let mut next = 0u32;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            new_index[i] = next;
            next += 1;
        }
    }
    let renumber = |f: u32| new_index.get(f as usize).copied().unwrap_or(u32::MAX);
    let functions = std::mem::take(&mut module.functions);
    module.functions = functions.into_iter().zip(keep.iter()).filter(|(_, &k)| k).map(|(f, _)| f).collect();
    rewrite_code(module, |o| match o {
        Operand::Func(g) => Some(renumber(g)),
        _ => None,
    });
    for e in &mut module.entries {
        e.func = renumber(e.func);
        e.cleanup = e.cleanup.map(renumber);
    }
    for t in &mut module.tests {
        t.func = renumber(t.func);
    }
    for v in &mut module.vtables {
        v.func = renumber(v.func);
    }
}
