// logging_stage sends log::info! and friends to stdout or to a file (appended); a log
// file that cannot be opened fails the stage, so its catch alternative takes over.
fn main() = default(
    logging_stage{"/nonexistent-dir/app.log"} catch { logging_stage{stdout} },
    globals_stage{}
) {
    log::info!("started with {} workers", 4);
    log::warn!("disk {}% full", 91);
    log::error!("gave up");
}
