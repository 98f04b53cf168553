//! Item-level shape tests: functions in both spellings, entry points with runtime
//! arguments, stages and catch chains, type declarations, `use` trees, attributes, and
//! expression ids.
use super::tests::{block, func, parse_ok, path, sx, ty};
use crate::ast::*;

fn entry(f: &FnDecl<'static>) -> &'static EntrySpec<'static> {
    f.entry.unwrap_or_else(|| panic!("`{}` is not an entry point", f.name.name))
}

fn stage(a: &RuntimeArg<'static>) -> &'static StageSpec<'static> {
    match a {
        RuntimeArg::Stage(s) => s,
        RuntimeArg::Param { name, .. } => panic!("param {}", name.name),
    }
}

#[test]
fn rust_style_functions() {
    let f = parse_ok("pub async fn f<T: Tr + Clone, U>(a: int, b: &[String]) except(E1 | std::E2) -> int where T: Copy { a }");
    assert!(f.items[0].is_pub);
    let d = func(&f, "f");
    assert!(d.is_async && !d.is_static && d.entry.is_none());
    assert_eq!(d.generics.iter().map(|g| g.name).collect::<Vec<_>>(), ["T", "U"]);
    assert_eq!(d.params.iter().map(|p| ty(&p.ty)).collect::<Vec<_>>(), ["int", "&[String]"]);
    assert_eq!(d.except.iter().map(path).collect::<Vec<_>>(), ["E1", "std::E2"]);
    assert_eq!(d.ret.map(|t| ty(&t)).as_deref(), Some("int"));
    // a trait method without a body, and `except` after `-> T`
    let f = parse_ok("trait T { fn m(&self) -> int; fn d(&mut self) -> int except(E) { 1 } const X: bool = false; const Y: int; }");
    let ItemKind::Trait(t) = f.items[0].kind else { panic!() };
    assert!(t.methods[0].body.is_none() && t.methods[0].self_param == Some(SelfParam::Ref));
    assert_eq!(t.methods[1].self_param, Some(SelfParam::RefMut));
    assert_eq!(t.methods[1].except.len(), 1);
    assert_eq!(t.consts.iter().map(|c| (c.name.name, c.value.is_some())).collect::<Vec<_>>(), [("X", true), ("Y", false)]);
}

#[test]
fn c_style_functions() {
    let f = parse_ok(
        "int f(a: int) except(E) { a }\nvoid g() { }\ntask<> h() { }\nresult<()> db(c: String) { Ok(()) }\nVec<int> v() { vec![] }\nstd::time::Duration d() { x }\n\
         response handle_request(request: HttpRequest) = http_server(tls_stage{.cert = \"a\", .key = \"b\"}) { 1 }",
    );
    let rets: Vec<Option<String>> = ["f", "g", "h", "db", "v", "d", "handle_request"].iter().map(|n| func(&f, n).ret.map(|t| ty(&t))).collect();
    assert_eq!(
        rets,
        [Some("int".into()), None, Some("task".into()), Some("result<()>".into()), Some("Vec<int>".into()), Some("std::time::Duration".into()), Some("response".into())]
    );
    assert_eq!(func(&f, "f").except.len(), 1);
    assert_eq!(entry(func(&f, "handle_request")).runtime.last(), "http_server");
    // items inside a function body, C-style included
    let f = parse_ok("fn main() { static mut X: sig_atomic_t = 0; int helper(x: int) { x } const N: int = 5; helper(N); }");
    assert_eq!(block(func(&f, "main").body.expect("body")), "{(item static mut X) (item fn helper) (item const N) (call helper N);}");
}

#[test]
fn entry_points_with_runtime_arguments() {
    let f = parse_ok(
        "int server() = production_runtime(\n\
            heap_stage{.size = 1_GB} catch { heap_stage{.size = 512_MB} },\n\
            network_stage{.port = 8080} catch { network_stage{.port = 8081} } catch { eprintln(\"no\"); exit(1); },\n\
            #[cfg(feature = \"uart\")]\n\
            uart_stage{.baud = 115200},\n\
            optional sensor_stage{.i2c_bus = 1},\n\
            globals_stage{},\n\
        ) { run_server(); return 0; }",
    );
    let d = func(&f, "server");
    assert_eq!(d.ret.map(|t| ty(&t)).as_deref(), Some("int"));
    let e = entry(d);
    assert_eq!(path(&e.runtime), "production_runtime");
    let args = e.args.expect("args");
    assert_eq!(args.len(), 5);
    let stages: Vec<_> = args.iter().map(stage).collect();
    assert_eq!(sx(stages[0].expr), "heap_stage{size: 1073741824}");
    assert_eq!(stages.iter().map(|s| s.catches.len()).collect::<Vec<_>>(), [1, 2, 0, 0, 0]);
    assert_eq!(block(stages[1].catches[1]), "{(call eprintln \"no\"); (call exit 1);}");
    assert!(matches!(stages[2].attrs, [Attr { kind: AttrKind::Cfg(CfgPred::Feature("uart")), .. }]));
    assert_eq!(stages.iter().map(|s| s.optional).collect::<Vec<_>>(), [false, false, false, true, false]);
    assert!(e.fields.is_none() && d.body.is_some());

    let f = parse_ok("int app() = default(.heap_size = 4_MB, .stack_size = 64_KB) { 0 }\ntask<> s() = coroutine(scheduler_stage{.type = work_stealing, .threads = 8}) { }");
    let args = entry(func(&f, "app")).args.expect("args");
    let names: Vec<_> = args
        .iter()
        .map(|a| match a {
            RuntimeArg::Param { name, value } => format!("{}={}", name.name, sx(value)),
            RuntimeArg::Stage(_) => "stage".into(),
        })
        .collect();
    assert_eq!(names, ["heap_size=4194304", "stack_size=65536"]);
    assert_eq!(sx(stage(&entry(func(&f, "s")).args.expect("args")[0]).expr), "scheduler_stage{type: work_stealing, threads: 8}");
}

#[test]
fn entry_runtime_forms_and_field_list_disambiguation() {
    let f = parse_ok(
        "fn a() = default { println!(\"x\"); }\n\
         fn b() = std::CoroutineScheduler { spawn f(); }\n\
         fn c() = GameEngineRuntime { frame_rate: 60 } { game_loop(); }\n\
         fn d() = EmbeddedRuntime {\n priority_levels: 8,\n max_interrupt_latency: Duration::from_micros(50)\n} { }\n\
         int e() = test_runtime { return 0; }\n\
         void k() = bare_metal(stack_stage{.size = 4_KB}) { }\n\
         void m() = bare_metal { init(); }\n\
         fn n() = default {}",
    );
    let forms: Vec<String> = ["a", "b", "c", "d", "e", "k", "m", "n"]
        .iter()
        .map(|n| {
            let d = func(&f, n);
            let e = entry(d);
            let fields = e.fields.map(|fs| fs.iter().map(|f| f.name.map_or("?", |n| n.name)).collect::<Vec<_>>().join(",")).unwrap_or_default();
            format!("{} args={} fields=[{}] body={}", path(&e.runtime), e.args.map_or(0, |a| a.len()), fields, block(d.body.expect("body")))
        })
        .collect();
    assert_eq!(
        forms,
        [
            "default args=0 fields=[] body={(println! \"x\");}",
            "std::CoroutineScheduler args=0 fields=[] body={(spawn (call f));}",
            "GameEngineRuntime args=0 fields=[frame_rate] body={(call game_loop);}",
            "EmbeddedRuntime args=0 fields=[priority_levels,max_interrupt_latency] body={}",
            "test_runtime args=0 fields=[] body={(return 0);}",
            "bare_metal args=1 fields=[] body={}",
            "bare_metal args=0 fields=[] body={(call init);}",
            "default args=0 fields=[] body={}",
        ]
    );
    // a plain function is not an entry point
    assert!(func(&parse_ok("int main() { return 0; }"), "main").entry.is_none());
}

#[test]
fn structs_with_methods_and_classes() {
    let f = parse_ok(
        "struct b_stage {\n n: int,\n pub s: String,\n static void init(n: int) except(STAGE_FAILED) { }\n static fn f() { }\n fn m(&self) -> int { 1 }\n int c(&mut self) { 2 }\n void helper() { }\n}\n\
         struct Unit;\nstruct P(int, pub String);\nstruct G<T> { v: Vec<T> }\n\
         class D { a: int, constructed_by: Ops, }\n\
         functional class Ops { fn construct(a: int) -> D { D { a } } fn destruct(d: &mut D) { } }",
    );
    let structs: Vec<&StructDecl> = f.items.iter().filter_map(|i| match i.kind {
        ItemKind::Struct(s) | ItemKind::Class(s) => Some(s),
        _ => None,
    }).collect();
    let s = structs[0];
    assert_eq!(s.fields.iter().map(|f| format!("{}:{}", f.name.name, ty(&f.ty))).collect::<Vec<_>>(), ["n:int", "s:String"]);
    let methods: Vec<_> = s.methods.iter().map(|m| (m.name.name, m.is_static, m.ret.map(|t| ty(&t)))).collect();
    assert_eq!(
        methods,
        [("init", true, None), ("f", true, None), ("m", false, Some("int".into())), ("c", false, Some("int".into())), ("helper", true, None)]
    );
    assert_eq!(s.methods[0].except.len(), 1);
    assert!(structs[1].fields.is_empty() && !structs[1].tuple);
    assert!(structs[2].tuple);
    assert_eq!(structs[2].fields.iter().map(|f| f.name.name).collect::<Vec<_>>(), ["0", "1"]);
    assert_eq!(structs[3].generics.len(), 1);
    assert!(matches!(f.items[4].kind, ItemKind::Class(c) if c.constructed_by.map(|o| o.name) == Some("Ops") && c.fields.len() == 1));
    let ItemKind::FunctionalClass { name, methods } = f.items[5].kind else { panic!() };
    assert_eq!(name.name, "Ops");
    assert!(methods.iter().all(|m| m.is_static));
}

#[test]
fn enums_impls_signals_globals_modules() {
    let f = parse_ok(
        "enum E<T> { A, B(int, String), C { x: int }, D = 4 }\n\
         impl Runtime for default { fn init() { } const HAS_COROUTINES: bool = false; }\n\
         impl<T> X<T> { fn get(&self) -> T { self.v } }\n\
         impl Runtime for std::CoroutineScheduler { }\n\
         signal FILE_ERROR { message: String, cause: Signal }\nsignal QUIT;\n\
         const N: int = 5;\nstatic mut X: sig_atomic_t = 0;\nstatic Y: int = 1;\nstatic Z = 2;\n\
         mod net;\nmod inner { fn f() { } }",
    );
    let ItemKind::Enum(e) = f.items[0].kind else { panic!() };
    let vs: Vec<_> = e.variants.iter().map(|v| (v.name.name, v.tuple.len(), v.fields.len())).collect();
    assert_eq!(vs, [("A", 0, 0), ("B", 2, 0), ("C", 0, 1), ("D", 0, 0)]);
    let ItemKind::Impl(i) = f.items[1].kind else { panic!() };
    assert_eq!((i.trait_.map(|t| path(&t)).as_deref(), ty(&i.self_ty).as_str()), (Some("Runtime"), "default"));
    assert!(i.methods[0].is_static && i.consts.len() == 1);
    let ItemKind::Impl(i) = f.items[2].kind else { panic!() };
    assert_eq!((i.generics.len(), ty(&i.self_ty).as_str(), i.methods[0].is_static), (1, "X<T>", false));
    let ItemKind::Impl(i) = f.items[3].kind else { panic!() };
    assert_eq!(ty(&i.self_ty), "std::CoroutineScheduler");
    assert!(matches!(f.items[4].kind, ItemKind::Signal { name, fields } if name.name == "FILE_ERROR" && fields.len() == 2));
    assert!(matches!(f.items[5].kind, ItemKind::Signal { fields: [], .. }));
    assert!(matches!(f.items[6].kind, ItemKind::Const { ty: Some(_), .. }));
    assert!(matches!(f.items[7].kind, ItemKind::Static { mutable: true, ty: Some(_), .. }));
    assert!(matches!(f.items[8].kind, ItemKind::Static { mutable: false, ty: Some(_), .. }));
    assert!(matches!(f.items[9].kind, ItemKind::Static { ty: None, .. }));
    assert!(matches!(f.items[10].kind, ItemKind::Mod { items: None, .. }));
    assert!(matches!(f.items[11].kind, ItemKind::Mod { items: Some([_]), .. }));
}

#[test]
fn use_trees_give_one_item_per_leaf() {
    let f = parse_ok("pub use a::b::c;\nuse a::b as d;\nuse a::*;\nuse a::{b, c::d, e::{self, f as g}, h::*};");
    let uses: Vec<String> = f
        .items
        .iter()
        .map(|i| match i.kind {
            ItemKind::Use { path: p, alias, glob } => format!("{}{}{}", path(&p), if glob { "::*" } else { "" }, alias.map(|a| format!(" as {}", a.name)).unwrap_or_default()),
            _ => panic!(),
        })
        .collect();
    assert_eq!(uses, ["a::b::c", "a::b as d", "a::*", "a::b", "a::c::d", "a::e", "a::e::f as g", "a::h::*"]);
    assert!(f.items[0].is_pub && !f.items[1].is_pub);
    assert_eq!(f.items[3].span, f.items[7].span);
}

#[test]
fn attributes() {
    let f = parse_ok(
        "#![allow(unused)]\n#[test]\nfn t() { }\n#[cfg(not(feature = \"x\"))]\n#[derive(Debug, Clone)]\n#[inline]\nfn u() { }\n#[cfg(all(feature = \"a\", any(feature = \"b\", unix), target_os = \"linux\"))]\nfn v() { }",
    );
    let kinds: Vec<String> = f.items.iter().flat_map(|i| i.attrs.iter()).map(|a| format!("{:?}", a.kind)).collect();
    assert_eq!(
        kinds,
        [
            "Test",
            "Cfg(Not(Feature(\"x\")))",
            "Other(\"derive\")",
            "Other(\"inline\")",
            "Cfg(All([Feature(\"a\"), Any([Feature(\"b\"), Other(\"unix\")]), Other(\"target_os\")]))",
        ]
    );
}

#[test]
fn contextual_words_are_identifiers_elsewhere() {
    let f = parse_ok(
        "struct signal_stage { defer: bool, static void init(defer: bool) { } }\n\
         fn main() {\n let signal = 1;\n let default = signal + 1;\n let optional = functional(default);\n defer { cleanup(); }\n signal(SIGINT, SIG_IGN);\n}",
    );
    assert_eq!(
        block(func(&f, "main").body.expect("body")),
        "{(let signal 1) (let default (+ signal 1)) (let optional (call functional default)) (defer {(call cleanup);}) (call signal SIGINT SIG_IGN);}"
    );
}

#[test]
fn expression_ids_are_dense_and_continue_across_files() {
    use crate::diag::{Diagnostics, SourceMap};
    let arena = bumpalo::Bump::new();
    let mut sm = SourceMap::default();
    let a = sm.add("a.cp", "fn a() -> int { 1 + 2 }");
    let b = sm.add("b.cp", "fn b() { x }");
    let mut next = 0;
    let mut diags = Diagnostics::default();
    let fa = super::parse_file(&arena, &sm, a, &mut next, &mut diags);
    assert_eq!(next, 3);
    let fb = super::parse_file(&arena, &sm, b, &mut next, &mut diags);
    assert_eq!(next, 4);
    let ItemKind::Fn(fa) = fa.items[0].kind else { panic!() };
    let StmtKind::Expr { expr, semi: false } = fa.body.expect("body").stmts[0].kind else { panic!() };
    let ExprKind::Binary(_, l, r) = expr.kind else { panic!() };
    assert_eq!((l.id, r.id, expr.id), (ExprId(0), ExprId(1), ExprId(2)));
    let ItemKind::Fn(fb) = fb.items[0].kind else { panic!() };
    let StmtKind::Expr { expr, .. } = fb.body.expect("body").stmts[0].kind else { panic!() };
    assert_eq!(expr.id, ExprId(3));
    assert_eq!(expr.span.file, b);
    // a C-style head tried and abandoned at statement start gives back the ids it used
    // (the array length `3` is an expression inside a type)
    let c = sm.add("c.cp", "fn m() { a::<[int; 3]>::f(); }");
    let before = next;
    super::parse_file(&arena, &sm, c, &mut next, &mut diags);
    assert_eq!(next - before, 3, "`3`, the path `a::f` and the call");
    assert!(diags.list.is_empty());
}

#[test]
fn spans_cover_their_source() {
    let src = "fn main() { let v = foo(1, 2) + bar; }";
    let f = parse_ok(src);
    let StmtKind::Let { init: Some(e), .. } = func(&f, "main").body.expect("body").stmts[0].kind else { panic!() };
    assert_eq!(&src[e.span.lo as usize..e.span.hi as usize], "foo(1, 2) + bar");
    assert_eq!(&src[f.items[0].span.lo as usize..f.items[0].span.hi as usize], src);
}
