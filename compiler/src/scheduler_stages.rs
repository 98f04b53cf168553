//! The coroutine runtime's configuration stages: `scheduler_stage{.type = work_stealing,
//! .threads = N}`, `thread_pool_stage{.workers = N}` and `async_io_stage{.epoll_size = N}`.
//!
//! They configure the scheduler before the entry's coroutine exists, so they are not
//! code that runs in it: the compiler turns their fields into the entry's runtime
//! parameters (`thread_pool`, `epoll_size`), which the runtime reads when it starts.
use crate::ast::{Expr, ExprKind, FieldInit};
use crate::diag::Diagnostic;

use cprime_bytecode::runtimes::SCHEDULER_PARAMS;

/// Whether `name` is one of the coroutine runtime's own parameters
/// (`coroutine(.thread_pool = 4)`).
pub fn is_scheduler_param(name: &str) -> bool {
    SCHEDULER_PARAMS.iter().any(|(p, _)| *p == name)
}

/// The runtime parameters a configuration stage stands for; `None` when `name` is not
/// one (an ordinary stage). Errors name the field that is wrong.
pub fn params(name: &str, fields: &[FieldInit]) -> Option<Result<Vec<(String, String)>, Diagnostic>> {
    let known: &[(&str, &str)] = match name {
        "scheduler_stage" => &[("threads", "thread_pool"), ("type", "")],
        "thread_pool_stage" => &[("workers", "thread_pool")],
        "async_io_stage" => &[("epoll_size", "epoll_size")],
        _ => return None,
    };
    let mut out = Vec::new();
    for f in fields {
        let Some(field) = f.name else {
            return Some(Err(Diagnostic::error(f.value.span, format!("`{name}` takes named fields")).label("name the field: `.field = value`")));
        };
        let Some(&(_, param)) = known.iter().find(|(k, _)| *k == field.name) else {
            let valid: Vec<String> = known.iter().map(|(k, _)| format!(".{k}")).collect();
            return Some(Err(Diagnostic::error(field.span, format!("`{name}` has no field `.{}`", field.name))
                .label("unknown field")
                .help(format!("its fields: {}", valid.join(", ")))));
        };
        if field.name == "type" {
            // the coroutine scheduler has one kind
            if !matches!(&f.value.kind, ExprKind::Path(p) if p.last() == "work_stealing") {
                return Some(Err(Diagnostic::error(f.value.span, "the coroutine scheduler is `work_stealing`")
                    .label("unknown scheduler type")));
            }
            continue;
        }
        match setting(field.name, param, f.value) {
            Ok(n) => out.push((param.to_string(), n.to_string())),
            Err(d) => return Some(Err(d)),
        }
    }
    Some(Ok(out))
}

/// The value of scheduler parameter `param`, written as `.shown = value`: a positive
/// integer literal within the runtime's bound (the runtime reads it before any code
/// runs, so an expression could not be evaluated).
pub fn setting(shown: &str, param: &str, value: &Expr) -> Result<u64, Diagnostic> {
    let max = SCHEDULER_PARAMS.iter().find(|(p, _)| *p == param).map_or(u64::MAX, |&(_, m)| m);
    match value.kind {
        ExprKind::Int(v) if v > 0 && v <= max => Ok(v),
        ExprKind::Int(v) if v > max => Err(Diagnostic::error(value.span, format!("`.{shown}` is at most {max}"))
            .label("too large")),
        _ => Err(Diagnostic::error(value.span, format!("`.{shown}` must be a positive integer literal"))
            .label("read before the program starts")),
    }
}
