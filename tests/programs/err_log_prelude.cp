// exit: 1
// `log::` macros write through the prelude's `log_write`; a program item of that name
// that is not the function shadows it.
const log_write: int = 0;
fn main() = default {
    log::info!("starting {}", 1);
}
