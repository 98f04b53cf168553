// exit: 1
// `catch` syntax: every `catch { .. }` needs a `recover { .. }`; signals are separated by `|`.
signal BAD;
signal WORSE;
fn risky() except(BAD) -> int { raise(BAD); }
fn main() = default {
    let v = catch(BAD) { risky()? };
    let w = catch(BAD WORSE) { risky()? } recover { 0 };
}
