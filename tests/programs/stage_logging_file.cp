// A log file written by logging_stage, read back by the program itself.
const LOG: String = "/tmp/cprime-stage-logging-test.log";

fn main() = default(logging_stage{"/tmp/cprime-stage-logging-test.log"}) {
    fs::write(LOG, "")?;
    log::info!("line {}", 1);
    log::debug!("line {}", 2);
    print!("{}", fs::read_to_string(LOG)?);
}
