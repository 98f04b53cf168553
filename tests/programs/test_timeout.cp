// cmd: test
// flags: --timeout 2s
// exit: 1
// `cprime test --timeout`: a test still running after the timeout ends the run. It is
// reported as failed, with what it printed; the tests before it keep their results and
// those after it are counted as not run.
#[test]
fn quick() { assert!(1 + 1 == 2); }

#[test]
fn broken() { println!("about to fail"); assert!(false); }

#[test]
fn hangs() {
    println!("hanging now");
    let mut x = 0;
    while x >= 0 { x = x % 5 + 1; }
}

#[test]
fn never_run() { }
