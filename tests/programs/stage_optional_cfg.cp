// An `optional` stage that fails is skipped with a warning; a `#[cfg(feature = ..)]`
// stage is present only when built with `--feature`; a `catch` alternative may diverge.
signal DOWN;

struct flaky_stage {
    static void init() except(DOWN) { raise(DOWN); }
}

struct extra_stage {
    static void init() { println!("extra stage"); }
}

struct ok_stage {
    n: int,
    static void init(n: int) { println!("ok stage {}", n); }
    static void cleanup(n: int) { println!("ok cleanup {}", n); }
}

fn main() = default(
    optional flaky_stage{},
    #[cfg(feature = "extra")] extra_stage{},
    ok_stage{.n = 1},
    flaky_stage{} catch { ok_stage{.n = 2} } catch { exit(9); }
) {
    println!("body");
}
