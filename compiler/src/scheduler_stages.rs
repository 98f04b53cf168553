//! The coroutine runtime's configuration stages: `scheduler_stage{.type = work_stealing,
//! .threads = N}`, `thread_pool_stage{.workers = N}` and `async_io_stage{.epoll_size = N}`.
//!
//! They configure the scheduler before the entry's coroutine exists, so they are not
//! code that runs in it: the compiler turns their fields into the entry's runtime
//! parameters (`thread_pool`, `epoll_size`), which the runtime reads when it starts.
use crate::ast::{Expr, ExprKind, FieldInit};
use crate::diag::Diagnostic;

/// The coroutine runtime's own parameters (`coroutine(.thread_pool = 4)`), read by the
/// runtime when it starts.
pub const SCHEDULER_PARAMS: &[&str] = &["max_coroutines", "thread_pool", "epoll_size"];

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
        match count(f.value) {
            Some(n) => out.push((param.to_string(), n.to_string())),
            None => {
                return Some(Err(Diagnostic::error(f.value.span, format!("`.{}` must be a positive integer literal", field.name))
                    .label("read before the program starts")));
            }
        }
    }
    Some(Ok(out))
}

fn count(e: &Expr) -> Option<u64> {
    match e.kind {
        ExprKind::Int(v) if v > 0 => Some(v),
        _ => None,
    }
}
