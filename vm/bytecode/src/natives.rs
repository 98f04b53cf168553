//! Native functions the VM provides, defined once: the compiler's standard library binds
//! to them by name, the verifier checks calls against their signatures, the VM (or the
//! host runtime, for OS-facing ones) implements them.
//!
//! Parameter kinds: `I` int, `F` float, `R` ref, `X` any kind (the native interprets the
//! value by the kind recorded in the object it operates on). Returns: a kind, `Void`, or
//! `Never` (does not return).

/// What a native returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NRet {
    I,
    F,
    R,
    /// The kind recorded in the object operated on.
    X,
    Void,
    Never,
}

/// A native parameter's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NArg {
    I,
    F,
    R,
    X,
}

/// Whether the VM core implements it or the host runtime (I/O, processes, time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Core,
    Host,
}

pub struct NativeInfo {
    pub name: &'static str,
    pub doc: &'static str,
    pub params: &'static [NArg],
    pub ret: NRet,
    pub provider: Provider,
}

#[macro_export]
macro_rules! for_each_native {
    ($m:ident) => { $m! {
        // -- output and process (host)
        Print        "write string to stdout"                      Host [R] Void,
        Eprint       "write string to stderr"                      Host [R] Void,
        WriteFd      "write(fd, text, len): raw bytes to fd 1 or 2" Host [I, R, I] I,
        Exit         "flush stdout, run cleanups, exit with status" Host [I] Never,
        ProcessId    "the process id"                              Host [] I,
        ProcessKill  "kill(pid, signo)"                            Host [I, I] I,
        SleepNs      "sleep for a number of nanoseconds (handlers of OS signals run during it)" Host [I] Void,
        SignalHandle "signal(signo, handler): run fn(int) on the main thread after each delivery" Host [I, R] Void,
        SignalDisposition "signal(signo, SIG_IGN / SIG_DFL): 1 ignore, 0 the OS default" Host [I, I] Void,
        NowNs        "monotonic clock in nanoseconds"              Host [] I,
        ReadLine     "read a line from stdin (Option<String>)"     Host [] R,
        ReadFile     "read a whole file; raises IO_ERROR"          Host [R] R,
        WriteFile    "write a whole file; raises IO_ERROR"         Host [R, R] Void,
        AppendFile   "append to a file, creating it; raises IO_ERROR" Host [R, R] Void,
        TcpListen    "bind a TCP listener (address, port): its handle; raises IO_ERROR" Host [R, I] I,
        TcpLocalPort "the port a listener is bound to"               Host [I] I,
        TcpClose     "close a listener"                              Host [I] Void,
        // -- sockets (`TcpListener`, `TcpStream`): wait when they must; raise IO_ERROR
        NetBind      "TcpListener::bind(\"host:port\")"              Host [R] R,
        NetAccept    "the next connection (TcpStream); waits"        Host [R] R,
        NetConnect   "TcpStream::connect(\"host:port\"); waits"      Host [R] R,
        NetRead      "what is available, up to 64 KiB (\"\" at end of stream); waits" Host [R] R,
        NetReadLine  "a line without its ending (Option<String>, None at end of stream); waits" Host [R] R,
        NetWrite     "write a whole string; waits while the socket is full" Host [R, R] Void,
        NetShutdown  "shut down the writing half: the peer reads end of stream" Host [R] Void,
        NetAddr      "local (0) or peer (1) address, \"host:port\""   Host [R, I] R,
        NetClose     "close a socket now"                            Host [R] Void,
        // -- limits and statistics (stages)
        SetHeapLimit "heap limit in bytes (<= 0: none); beyond it allocation raises OOM" Core [I] Void,
        SetStackLimit "stack limit in bytes (8 per register slot); beyond it STACK_OVERFLOW" Core [I] Void,
        HeapReport   "one line of heap statistics (allocations, live, collections, peak)" Core [] R,
        // -- faults
        Panic        "panic with a message (exit 101)"             Core [R] Never,
        // -- strings
        StrLen       "byte length of a string"                     Core [R] I,
        StrParseInt  "parse a decimal integer (Option<int>)"        Core [R] R,
        StrParseF    "parse a float (Option<f64>)"                 Core [R] R,
        StrContains  "substring test"                              Core [R, R] I,
        StrStarts    "prefix test"                                 Core [R, R] I,
        StrEnds      "suffix test"                                 Core [R, R] I,
        StrFind      "byte index of a substring (Option<int>)"     Core [R, R] R,
        StrTrim      "trim whitespace"                             Core [R] R,
        StrUpper     "to upper case"                               Core [R] R,
        StrLower     "to lower case"                               Core [R] R,
        StrSplit     "split by a separator (Vec<String>)"           Core [R, R] R,
        StrChars     "the chars of a string (Vec<char>)"           Core [R] R,
        StrSlice     "substring by byte range; raises INDEX_ERROR" Core [R, I, I] R,
        StrCmp       "compare strings: -1, 0 or 1"                 Core [R, R] I,
        StrRepeat    "repeat a string n times"                     Core [R, I] R,
        StrReplace   "replace every occurrence"                    Core [R, R, R] R,
        StrLines     "split into lines (Vec<String>)"              Core [R] R,
        StrCharAt    "the char starting at byte i (Option<char>)"  Core [R, I] R,
        // -- vectors
        VecPop       "remove the last element (Option<T>)"         Core [R] R,
        VecInsert    "insert at index; raises INDEX_ERROR"         Core [R, I, X] Void,
        VecRemove    "remove at index, returning it; INDEX_ERROR"  Core [R, I] X,
        VecClear     "remove every element"                        Core [R] Void,
        VecTruncate  "shorten to n elements"                       Core [R, I] Void,
        VecSwap      "swap two elements; raises INDEX_ERROR"       Core [R, I, I] Void,
        VecReverse   "reverse in place"                            Core [R] Void,
        VecSortI     "sort ints ascending"                         Core [R] Void,
        VecSortF     "sort floats ascending (total order)"         Core [R] Void,
        VecSortS     "sort strings ascending"                      Core [R] Void,
        VecJoin      "join strings with a separator"               Core [R, R] R,
        VecContains  "element test by `==` (`ValEq`: strings, structs, vectors by value)" Core [R, X] I,
        VecSlice     "copy of elements a..b; raises INDEX_ERROR"   Core [R, I, I] R,
        VecExtend    "append all elements of another vector"       Core [R, R] Void,
        // -- maps (keys compare by value for ints and strings)
        MapInsert    "insert; returns the old value (Option<V>)"   Core [R, X, X] R,
        MapGet       "lookup (Option<V>)"                          Core [R, X] R,
        MapContains  "key test"                                    Core [R, X] I,
        MapRemove    "remove (Option<V>)"                          Core [R, X] R,
        MapLen       "number of entries"                           Core [R] I,
        MapKeys      "the keys, in insertion order (Vec<K>)"       Core [R] R,
        MapValues    "the values, in insertion order (Vec<V>)"     Core [R] R,
        // -- objects and signals
        Clone        "deep copy of a record, vector or map"        Core [R] R,
        SigName      "a signal's kind name"                        Core [R] R,
        SigMessage   "a signal's message field, else its name"     Core [R] R,
        RefEq        "identity of two references"                  Core [R, R] I,
        // -- math
        Sqrt         "square root"                                 Core [F] F,
        Floor        "round down"                                  Core [F] F,
        Ceil         "round up"                                    Core [F] F,
        Round        "round half away from zero"                   Core [F] F,
        AbsF         "absolute value"                              Core [F] F,
        PowF         "x to the power y"                            Core [F, F] F,
        Sin          "sine"                                        Core [F] F,
        Cos          "cosine"                                      Core [F] F,
        Exp          "e to the x"                                  Core [F] F,
        Ln           "natural logarithm"                           Core [F] F,
        AbsI         "absolute value (wrapping)"                   Core [I] I,
        PowI         "x to the power y (wrapping)"                 Core [I, I] I,
        MinI         "smaller of two ints"                         Core [I, I] I,
        MaxI         "larger of two ints"                          Core [I, I] I,
        MinF         "smaller of two floats"                       Core [F, F] F,
        MaxF         "larger of two floats"                        Core [F, F] F,
        // -- coroutines (the coroutine runtime; a plain run raises an internal error)
        ChanNew      "channel of capacity n (0: rendezvous) for messages of kind k (0 int, 1 float, 2 ref): its first sender" Core [I, I] R,
        ChanRx       "the receiver of a sender's channel"          Core [R] R,
        ChanClone    "another sender of the same channel"          Core [R] R,
        ChanDrop     "drop a channel end (`drop(tx)`): a receiver sees None once every sender is dropped" Core [R] Void,
        ChanSend     "send a copy; waits while the channel is full (rendezvous: until it is taken)" Core [R, X] Void,
        ChanRecv     "receive (Option<T>); None once no sender is left; waits while empty" Core [R] R,
        CoSpawn      "run a closure in a new coroutine on copies of its captures; a task (result kind k)" Core [R, I] R,
        CoJoin       "wait for a task and return its result"       Core [R] X,
        CoHandle     "scheduler.handle(signo, handler): each delivery runs the handler in a new coroutine" Core [I, R] Void,
        CoWaitAll    "scheduler.run(): wait until every other coroutine has finished" Core [] Void,
        CoHandleSig  "scheduler.handle(SIGNAL_KIND, handler): a coroutine ending with that signal unhandled runs the handler with it" Core [I, R] Void,
        SelBegin     "select: start (its timer arms get new deadlines)"  Core [] Void,
        SelArm       "select: the next native that would wait only registers the wait (an arm)" Core [] Void,
        SelDone      "select: 1 if the arm just tried completed, 0 if it registered a wait" Core [] I,
        SelWait      "select: wait until one of the arms' waits is over"  Core [] Void,
        // -- more math (appended: a native's number is its place in this table)
        MulSatI      "x times y, within 0 ..= i64::MAX (`Duration::from_secs(n)`, `Duration * Duration`: never negative)" Core [I, I] I,
        // -- more sockets
        NetReadMax   "what is available, up to n bytes (one longer character whole); waits" Host [R, I] R,
        // -- what stages set up for the whole process (every coroutine sees it)
        SettingSet   "set a process-wide setting (key, value): a stage's, e.g. the log target" Host [R, R] Void,
        SettingGet   "a process-wide setting (\"\" when unset)"       Host [R] R,
        // -- formatting
        DurationDebug "`{:?}` of a Duration (ns, precision or -1): `1.5s`, `250ms`, as Rust prints it" Core [I, I] R,
        // -- more sockets
        NetWriteTimeout "set a stream's write timeout (ns, <= 0: none): a write_all waiting longer without writing raises ETIMEDOUT" Host [R, I] Void,
        // -- more coroutines
        CoCount      "coroutines alive now (0), or the most that may be (1: `.max_coroutines`, i64::MAX without)" Core [I] I,
        // -- saturating Duration arithmetic
        AddSatI      "x plus y, within 0 ..= i64::MAX (`Duration + Duration`: never negative)" Core [I, I] I,
        SubSatI      "x minus y, within 0 ..= i64::MAX (`Duration - Duration`: 1ms - 5ms is 0)" Core [I, I] I,
        // -- formatting
        CharDebug    "`{:?}` of a char (its code point): quoted and escaped as Rust prints it, `'\\n'`" Core [I] R,
        // -- staged start-up
        SigIsCancel  "whether signal s is the graceful shutdown's (a stage passes it on, not a failure)" Core [R] I,
        ShuttingDown "whether the coroutine runtime's graceful shutdown is under way (the scheduler cleans up the stages); if not, the entry's cleanup begins" Core [] I,
        CleanupBegins "the entry's stages are being cleaned up: a graceful shutdown or an `exit(n)` elsewhere leaves that to finish" Core [] Void,
        // -- more coroutines
        CoGo         "`CoSpawn` whose task nobody can join (`spawn ..;`, `let _ = spawn ..`): no JoinHandle is made; null" Core [R, I] R,
        // -- formatting
        // -- equality
        ValEq        "`==` of two values of kind k (0 int, 1 float, 2 ref): structural, as Rust's derived PartialEq (records by layout and fields, vectors, maps, strings)" Core [X, X, I] I,
        CharIs       "whether char c is of class k (Unicode, as Rust's char methods): 0 alphabetic, 1 numeric, 2 alphanumeric, 3 lowercase, 4 uppercase, 5 whitespace" Core [I, I] I,
        StrPrefix    "the first n chars of a string, or all of it (`{:.n}` of a string)" Core [R, I] R,
        StrPad       "pad a string to a width in chars (`{:>6}`): mode 0 left, 1 right, 2 centred; +4: zeros after the sign (`{:05}` of a number)" Core [R, I, I] R,
        // -- slices
        VecWriteAt   "copy vector s's elements into vector v from index a (a `&mut v[a..b]` slice's write-back); raises INDEX_ERROR" Core [R, I, R] Void,
        // -- formatting: the rest of Rust's format specs
        IntText      "an int (x, mode, precision or -1) as `{:x}` `{:X}` `{:o}` `{:b}` `{:e}` `{:E}` write it; mode: `FMT_*` (a radix's width: a negative number's two's complement)" Core [I, I, I] R,
        FloatText    "a float (x, mode, precision or -1) as `{}` or `{:e}` `{:E}` write it, the precision given at run time (`{:.*}`); mode: `FMT_*`" Core [F, I, I] R,
        NumSign      "`{:+}`: a number's text with a `+` before it unless it has a sign or is NaN" Core [R] R,
        StrPretty    "`{:#?}`: a one-line debug text laid out one item a line, indented by four, as Rust's pretty Debug" Core [R] R,
        // -- chars
        CharDigit    "`c.to_digit(radix)`: the digit's value as an Option<int>, as Rust's (a radix outside 2..=36 panics)" Core [I, I] R,
        // -- formatting
        DebugPrec    "`{:.p?}` of an object (object, shape or -1, precision): its floats and Durations with p digits, as Rust's" Core [R, I, I] R,
        // -- the numeric methods, one native a family (`numbers.rs`: the last argument is the method's code)
        FloatFn      "a float method of x (`FloatFn`: tan, tanh, log10, trunc, signum, ..)" Core [F, I] F,
        FloatFn2     "a float method of x and y (`FloatFn2`: atan2, hypot, log, copysign, rem_euclid, div_euclid)" Core [F, F, I] F,
        FloatFn3     "a float method of x, y and z (`FloatFn3`: clamp, which panics unless y <= z, and mul_add)" Core [F, F, F, I] F,
        FloatIs      "whether x is of a class (`FloatIs`: is_nan, is_finite, is_sign_negative, ..)" Core [F, I] I,
        IntFn        "an int method of x (`IntFn` with the type, `int_code`: count_ones, leading_zeros, isqrt, ..)" Core [I, I] I,
        IntFn2       "an int method of x and y (`IntFn2` with the type: rem_euclid, wrapping_add, saturating_mul, ..); raises DIVIDE_BY_ZERO" Core [I, I, I] I,
        IntChecked   "a checked int method of x and y (`IntChecked` with the type): Option<int>, None where it overflows the type" Core [I, I, I] R,
        ClampI       "x clamped to [lo, hi] (panics unless lo <= hi), compared as the type `int_code` says" Core [I, I, I, I] I,
        // -- staged start-up
        InitCancelled "whether a stage init's failure signal s is the graceful shutdown's cancel: its signal, or one of the init's own that a `defer` was cleaning up after when the shutdown came (then marked as the cancel)" Core [R] I,
        // -- strings (later additions: a native's number is its place in this list)
        StrParseU    "parse a decimal unsigned integer (Option<int>: a u64's bit pattern; no `-`)" Core [R] R,
        VecSortU     "sort a Vec<u64> in place, its items' bits read as unsigned" Core [R] Void,
        // -- formatting (version 11)
        DebugSpec    "`{:w.p?}` `{:+?}` `{:>w?}` `{:0w?}` of an object (object, shape or -1, precision or -1, width or -1, mode): each number, bool, () and Duration inside laid out as Rust's Debug passes its formatter down; mode: `StrPad`'s, `DEBUG_NO_ALIGN` for none given, + `DEBUG_PLUS`" Core [R, I, I, I, I] R,
    } };
}

/// `StrPad`'s modes: where the text goes, and whether a number is padded with zeros
/// after its sign (and its `0x`, `0o` or `0b`); the fill character's code point is the
/// mode shifted right by [`PAD_FILL_SHIFT`] (0: a space).
pub const PAD_LEFT: i64 = 0;
pub const PAD_RIGHT: i64 = 1;
pub const PAD_CENTRE: i64 = 2;
pub const PAD_ZEROS: i64 = 4;
pub const PAD_FILL_SHIFT: u32 = 8;
/// `DebugSpec`'s mode beside `StrPad`'s: no alignment was given (numbers go right, the
/// rest left), and `{:+?}`.
pub const DEBUG_NO_ALIGN: i64 = 3;
pub const DEBUG_PLUS: i64 = 16;

/// `IntText`'s and `FloatText`'s modes: the notation (a radix, or [`FMT_EXP`]) in the
/// low byte, then flags, then (`IntText`) the integer type's width in bits from
/// [`FMT_BITS_SHIFT`] (0: 64).
pub const FMT_EXP: i64 = 0;
pub const FMT_UPPER: i64 = 1 << 8;
/// `#`: `0x`, `0o` or `0b` before the digits
pub const FMT_ALT: i64 = 1 << 9;
/// the integer type is unsigned: `{:e}` of a `u64` reads its 64 bits as one
pub const FMT_UNSIGNED: i64 = 1 << 10;
/// `FloatText`: plain `{}` notation (with the precision given)
pub const FMT_PLAIN: i64 = 1 << 11;
pub const FMT_BITS_SHIFT: u32 = 16;

/// `CharIs`'s classes, as Rust's char methods name them.
pub const CHAR_ALPHABETIC: i64 = 0;
pub const CHAR_NUMERIC: i64 = 1;
pub const CHAR_ALPHANUMERIC: i64 = 2;
pub const CHAR_LOWERCASE: i64 = 3;
pub const CHAR_UPPERCASE: i64 = 4;
pub const CHAR_WHITESPACE: i64 = 5;

macro_rules! define_natives {
    ($($name:ident $doc:literal $prov:ident [$($p:ident),*] $ret:ident),* $(,)?) => {
        /// Native function ids, in table order (the id is the index).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u16)]
        pub enum Native { $($name),* }

        pub const NATIVES: &[NativeInfo] = &[
            $( NativeInfo { name: stringify!($name), doc: $doc, params: &[$(NArg::$p),*],
                            ret: NRet::$ret, provider: Provider::$prov } ),*
        ];

        impl Native {
            pub const ALL: &'static [Native] = &[$(Native::$name),*];
            pub fn from_id(id: u16) -> Option<Native> { Self::ALL.get(id as usize).copied() }
            pub fn info(self) -> &'static NativeInfo { &NATIVES[self as usize] }
        }
    };
}
for_each_native!(define_natives);

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn ids_are_indices() {
        for (i, n) in Native::ALL.iter().enumerate() {
            assert_eq!(*n as usize, i);
            assert_eq!(Native::from_id(i as u16), Some(*n));
        }
        assert_eq!(Native::from_id(NATIVES.len() as u16), None);
    }
}
