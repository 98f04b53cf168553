//! The syntax tree, allocated in a `bumpalo` arena (`'a`). Every expression carries an
//! `ExprId` (dense, per compilation) so later passes keep their facts in side tables,
//! and every node a `Span`.
//!
//! The parser produces this tree and nothing else; name resolution, types and lowering
//! live in later passes.

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: u32,
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, lo: self.lo.min(other.lo), hi: self.hi.max(other.hi) }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExprId(pub u32);

#[derive(Clone, Copy, Debug)]
pub struct Ident<'a> {
    pub name: &'a str,
    pub span: Span,
}

/// `a::b::c`, optionally with a turbofish on the last segment (`channel::<int>`).
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    pub segs: &'a [Ident<'a>],
    pub generics: &'a [Type<'a>],
    pub span: Span,
}

impl<'a> Path<'a> {
    pub fn last(&self) -> &'a str {
        self.segs.last().map(|s| s.name).unwrap_or("")
    }
    pub fn is_single(&self) -> bool {
        self.segs.len() == 1
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Type<'a> {
    pub kind: TypeKind<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub enum TypeKind<'a> {
    /// `int`, `Vec<int>`, `HashMap<K, V>`, `task<>`, `std::X`: generic args in `args`.
    Path { path: Path<'a>, args: &'a [Type<'a>] },
    /// `&T` / `&mut T` (no effect on meaning).
    Ref { mutable: bool, inner: &'a Type<'a> },
    /// `*mut T` / `*const T` (accepted, opaque).
    Ptr(&'a Type<'a>),
    /// `[T]`, and `[T; N]` (length ignored).
    Slice(&'a Type<'a>),
    /// `(A, B)`; `()` is the empty tuple.
    Tuple(&'a [Type<'a>]),
    /// `fn(A, B) -> R` and `impl Fn(A) -> R` / `Fn(A) -> R`.
    Fn { params: &'a [Type<'a>], ret: Option<&'a Type<'a>> },
    /// `dyn Trait` (also `Box<dyn Trait>` parses as Path Box with this argument).
    Dyn(Path<'a>),
    /// `!`
    Never,
    /// `_`
    Infer,
}

#[derive(Clone, Copy, Debug)]
pub enum CfgPred<'a> {
    Feature(&'a str),
    Not(&'a CfgPred<'a>),
    All(&'a [CfgPred<'a>]),
    Any(&'a [CfgPred<'a>]),
    /// Any other `key = "value"` or bare word: always false.
    Other(&'a str),
}

#[derive(Clone, Copy, Debug)]
pub enum AttrKind<'a> {
    Test,
    Cfg(CfgPred<'a>),
    /// Anything else (`#[derive(..)]`, `#[inline]`): kept, ignored.
    Other(&'a str),
}

#[derive(Clone, Copy, Debug)]
pub struct Attr<'a> {
    pub kind: AttrKind<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    pub attrs: &'a [Attr<'a>],
    pub is_pub: bool,
    pub kind: ItemKind<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub enum ItemKind<'a> {
    Fn(&'a FnDecl<'a>),
    Struct(&'a StructDecl<'a>),
    Enum(&'a EnumDecl<'a>),
    /// `class D { fields, constructed_by: Ops }`
    Class(&'a StructDecl<'a>),
    /// `functional class Ops { fn construct(..) -> D {..} fn destruct(d: &mut D) {..} }`
    FunctionalClass { name: Ident<'a>, methods: &'a [&'a FnDecl<'a>] },
    Trait(&'a TraitDecl<'a>),
    Impl(&'a ImplDecl<'a>),
    /// `signal NAME { field: T, .. }` or `signal NAME;`
    Signal { name: Ident<'a>, fields: &'a [Field<'a>] },
    Const { name: Ident<'a>, ty: Option<Type<'a>>, value: &'a Expr<'a> },
    Static { name: Ident<'a>, mutable: bool, ty: Option<Type<'a>>, value: &'a Expr<'a> },
    /// `mod name;` (loads `name.cp` beside the file) or `mod name { items }`.
    Mod { name: Ident<'a>, items: Option<&'a [Item<'a>]> },
    /// `use a::b::c;`, `use a::b::c as d;`, `use a::b::*;`, `use a::{b, c};` (one Use per leaf)
    Use { path: Path<'a>, alias: Option<Ident<'a>>, glob: bool },
}

#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    pub name: Ident<'a>,
    pub ty: Type<'a>,
    pub attrs: &'a [Attr<'a>],
}

#[derive(Clone, Copy, Debug)]
pub struct Param<'a> {
    pub pat: &'a Pat<'a>,
    pub ty: Type<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfParam {
    /// `self`, `mut self`
    Value,
    /// `&self`
    Ref,
    /// `&mut self`
    RefMut,
}

/// A function in either spelling:
/// `fn f(a: int) except(E) -> int { }` or C-style `int f(a: int) except(E) { }`.
#[derive(Clone, Copy, Debug)]
pub struct FnDecl<'a> {
    pub name: Ident<'a>,
    /// Generic parameter names (`fn f<T: Tr>(..)`), bounds ignored.
    pub generics: &'a [Ident<'a>],
    pub self_param: Option<SelfParam>,
    pub params: &'a [Param<'a>],
    /// `None`: no return type written (`fn f()`, `void f()` gives `Some(())`-less None too).
    pub ret: Option<Type<'a>>,
    pub except: &'a [Path<'a>],
    pub is_async: bool,
    /// `static` in a struct body, or a C-style method without `self`.
    pub is_static: bool,
    /// `= RUNTIME` makes an entry point.
    pub entry: Option<&'a EntrySpec<'a>>,
    /// `None` for a trait method without a default body.
    pub body: Option<&'a Block<'a>>,
    pub span: Span,
}

/// `= RUNTIME` of an entry point.
#[derive(Clone, Copy, Debug)]
pub struct EntrySpec<'a> {
    /// `default`, `coroutine`, `std::CoroutineScheduler`, `debug_runtime`, `GameEngineRuntime`
    pub runtime: Path<'a>,
    /// `(..)` arguments, if a parenthesized list was written.
    pub args: Option<&'a [RuntimeArg<'a>]>,
    /// `R { field: value, .. }` struct-literal form.
    pub fields: Option<&'a [FieldInit<'a>]>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub enum RuntimeArg<'a> {
    /// `.heap_size = 4_MB`
    Param { name: Ident<'a>, value: &'a Expr<'a> },
    /// `[#[cfg(..)]] [optional] stage_expr [catch { alt }]*`
    Stage(&'a StageSpec<'a>),
}

#[derive(Clone, Copy, Debug)]
pub struct StageSpec<'a> {
    pub attrs: &'a [Attr<'a>],
    pub optional: bool,
    /// Usually a struct literal (`logging_stage{"a.log"}`, `heap_stage{.size = 1_GB}`).
    pub expr: &'a Expr<'a>,
    /// `catch { .. }` alternatives in order.
    pub catches: &'a [&'a Block<'a>],
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct StructDecl<'a> {
    pub name: Ident<'a>,
    pub generics: &'a [Ident<'a>],
    pub fields: &'a [Field<'a>],
    /// Tuple struct `struct P(int, int);`: field names are "0", "1", ...
    pub tuple: bool,
    /// Methods written inside the body (`static void init(..) { }`).
    pub methods: &'a [&'a FnDecl<'a>],
    /// `constructed_by: Ops` of a class.
    pub constructed_by: Option<Ident<'a>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct Variant<'a> {
    pub name: Ident<'a>,
    /// Tuple variant types `B(int, String)`.
    pub tuple: &'a [Type<'a>],
    /// Struct variant fields `C { x: int }`.
    pub fields: &'a [Field<'a>],
}

#[derive(Clone, Copy, Debug)]
pub struct EnumDecl<'a> {
    pub name: Ident<'a>,
    pub generics: &'a [Ident<'a>],
    pub variants: &'a [Variant<'a>],
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct TraitDecl<'a> {
    pub name: Ident<'a>,
    pub methods: &'a [&'a FnDecl<'a>],
    /// `const HAS_COROUTINES: bool = false;`
    pub consts: &'a [TraitConst<'a>],
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct TraitConst<'a> {
    pub name: Ident<'a>,
    pub ty: Type<'a>,
    pub value: Option<&'a Expr<'a>>,
}

#[derive(Clone, Copy, Debug)]
pub struct ImplDecl<'a> {
    pub generics: &'a [Ident<'a>],
    pub trait_: Option<Path<'a>>,
    pub self_ty: Type<'a>,
    pub methods: &'a [&'a FnDecl<'a>],
    pub consts: &'a [TraitConst<'a>],
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    pub stmts: &'a [Stmt<'a>],
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct Stmt<'a> {
    pub kind: StmtKind<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub enum StmtKind<'a> {
    Let { pat: &'a Pat<'a>, ty: Option<Type<'a>>, init: Option<&'a Expr<'a>> },
    /// An expression; `semi` tells whether a `;` followed. The last statement of a block
    /// without `;` is the block's value.
    Expr { expr: &'a Expr<'a>, semi: bool },
    Item(&'a Item<'a>),
    /// `defer { .. }`: runs when the enclosing block exits, in reverse order.
    Defer(&'a Block<'a>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add, Sub, Mul, Div, Rem,
    And, Or, // && ||
    BitAnd, BitOr, BitXor, Shl, Shr,
    Eq, Ne, Lt, Le, Gt, Ge,
}

impl BinOp {
    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
            And => "&&",
            Or => "||",
            BitAnd => "&",
            BitOr => "|",
            BitXor => "^",
            Shl => "<<",
            Shr => ">>",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
    /// `&e`: no effect on meaning.
    Ref,
    /// `&mut e`: no effect on meaning, but for a vector's range (`&mut v[a..b]`), which
    /// a call writes back into the vector once it returns (`lower/slices.rs`).
    RefMut,
    /// `*e`: no effect on meaning.
    Deref,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldInit<'a> {
    /// `None` for a positional field (`logging_stage{"a.log"}`).
    pub name: Option<Ident<'a>>,
    pub value: &'a Expr<'a>,
}

#[derive(Clone, Copy, Debug)]
pub struct Arm<'a> {
    pub pat: &'a Pat<'a>,
    pub guard: Option<&'a Expr<'a>>,
    pub body: &'a Expr<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct ClosureParam<'a> {
    pub pat: &'a Pat<'a>,
    pub ty: Option<Type<'a>>,
}

/// `select { PATTERN = FUTURE => BLOCK, .. }` arm.
#[derive(Clone, Copy, Debug)]
pub struct SelectArm<'a> {
    pub pat: &'a Pat<'a>,
    pub future: &'a Expr<'a>,
    pub body: &'a Expr<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub struct Expr<'a> {
    pub id: ExprId,
    pub kind: ExprKind<'a>,
    pub span: Span,
}

impl Expr<'_> {
    /// Whether it is written as `0` or a negative integer literal (a limit or capacity
    /// that can only be a mistake).
    pub fn is_non_positive_literal(&self) -> bool {
        match self.kind {
            ExprKind::Int(0) => true,
            ExprKind::Unary(UnOp::Neg, inner) => matches!(inner.kind, ExprKind::Int(_)),
            _ => false,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum ExprKind<'a> {
    /// Integer literal, size suffixes applied (`4_KB` = 4096, `100_MHz` = 100_000_000).
    Int(u64),
    Float(f64),
    /// String literal with escapes processed.
    Str(&'a str),
    Char(char),
    Bool(bool),
    /// Duration literal (`16_ms`), in nanoseconds.
    Duration(i64),
    /// `x`, `Foo::bar`, `SIGINT`, `None`, `Vec::<int>::new` (turbofish in the path).
    Path(Path<'a>),
    Unary(UnOp, &'a Expr<'a>),
    Binary(BinOp, &'a Expr<'a>, &'a Expr<'a>),
    Assign(&'a Expr<'a>, &'a Expr<'a>),
    /// `a += b` etc.
    AssignOp(BinOp, &'a Expr<'a>, &'a Expr<'a>),
    Call(&'a Expr<'a>, &'a [&'a Expr<'a>]),
    MethodCall { recv: &'a Expr<'a>, name: Ident<'a>, generics: &'a [Type<'a>], args: &'a [&'a Expr<'a>] },
    /// `e.name`, also tuple fields `e.0`.
    Field(&'a Expr<'a>, Ident<'a>),
    Index(&'a Expr<'a>, &'a Expr<'a>),
    /// `e?`
    Try(&'a Expr<'a>),
    /// `e.await` and `co_await e`
    Await(&'a Expr<'a>),
    Cast(&'a Expr<'a>, Type<'a>),
    Range { lo: Option<&'a Expr<'a>>, hi: Option<&'a Expr<'a>>, inclusive: bool },
    Tuple(&'a [&'a Expr<'a>]),
    /// `[a, b, c]`
    Array(&'a [&'a Expr<'a>]),
    /// `[v; n]`
    ArrayRepeat(&'a Expr<'a>, &'a Expr<'a>),
    /// `S { a: 1, b }`, designated `s{.a = 1}`, positional `logging_stage{"a.log"}`;
    /// `..base` in `base`.
    StructLit { path: Path<'a>, fields: &'a [FieldInit<'a>], base: Option<&'a Expr<'a>> },
    Block(&'a Block<'a>),
    Unsafe(&'a Block<'a>),
    /// `async { }` / `async move { }`
    Async(&'a Block<'a>),
    If { cond: &'a Expr<'a>, then: &'a Block<'a>, else_: Option<&'a Expr<'a>> },
    IfLet { pat: &'a Pat<'a>, scrutinee: &'a Expr<'a>, then: &'a Block<'a>, else_: Option<&'a Expr<'a>> },
    While { cond: &'a Expr<'a>, body: &'a Block<'a>, label: Option<Ident<'a>> },
    WhileLet { pat: &'a Pat<'a>, scrutinee: &'a Expr<'a>, body: &'a Block<'a>, label: Option<Ident<'a>> },
    Loop { body: &'a Block<'a>, label: Option<Ident<'a>> },
    For { pat: &'a Pat<'a>, iter: &'a Expr<'a>, body: &'a Block<'a>, label: Option<Ident<'a>> },
    Match { scrutinee: &'a Expr<'a>, arms: &'a [Arm<'a>] },
    Break { label: Option<Ident<'a>>, value: Option<&'a Expr<'a>> },
    Continue { label: Option<Ident<'a>> },
    Return(Option<&'a Expr<'a>>),
    /// `|a, b: int| expr`, `move |x| ..`, `|_| async { .. }`
    /// `|x| ..`, `move |x| ..` (`moves`: it captures its variables' values, not them).
    Closure { params: &'a [ClosureParam<'a>], ret: Option<Type<'a>>, body: &'a Expr<'a>, moves: bool },
    /// `name!(args)`: println, print, eprintln, eprint, format, panic, assert, assert_eq,
    /// assert_ne, vec (with `vec![v; n]` as `MacroRepeat`), write, ... Arguments are
    /// parsed as expressions.
    Macro { name: Ident<'a>, args: &'a [&'a Expr<'a>] },
    /// `vec![v; n]`
    MacroRepeat { name: Ident<'a>, value: &'a Expr<'a>, count: &'a Expr<'a> },
    /// `catch(A | B) { body } recover { handler }`; `catch { }` with no list catches all.
    Catch { signals: &'a [Path<'a>], body: &'a Block<'a>, recover: &'a Block<'a> },
    /// `raise(e)`
    Raise(&'a Expr<'a>),
    /// `spawn e` (usually `spawn async { .. }` or `spawn f(x)`)
    Spawn(&'a Expr<'a>),
    Select(&'a [SelectArm<'a>]),
}

#[derive(Clone, Copy, Debug)]
pub struct Pat<'a> {
    pub kind: PatKind<'a>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug)]
pub enum PatKind<'a> {
    Wild,
    /// `x`, `mut x`, `ref x`. A single-segment name that resolves to a unit variant, a
    /// constant or a signal (`None`, `SIGINT`) is decided later, not by the parser.
    Binding { name: Ident<'a>, mutable: bool },
    /// A literal: int, negative int, float, string, char, bool (an `Expr` of that kind).
    Lit(&'a Expr<'a>),
    /// `1..=5`, `'a'..='z'`
    Range { lo: &'a Expr<'a>, hi: &'a Expr<'a>, inclusive: bool },
    Tuple(&'a [Pat<'a>]),
    /// `Some(x)`, `INDEX_ERROR(ix)`, `Shape::Circle(r)`
    TupleStruct { path: Path<'a>, elems: &'a [Pat<'a>] },
    /// `Point { x, y: 0, .. }`
    Struct { path: Path<'a>, fields: &'a [(Ident<'a>, Pat<'a>)], rest: bool },
    /// Multi-segment path `Color::Red`.
    Path(Path<'a>),
    Or(&'a [Pat<'a>]),
    /// `[a, b, rest @ ..]` is not supported; `&p` parses as `p`.
    Ref(&'a Pat<'a>),
}

/// A parsed source file.
#[derive(Clone, Copy, Debug)]
pub struct File<'a> {
    pub items: &'a [Item<'a>],
}
