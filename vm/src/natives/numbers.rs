//! The numeric method families (`cprime_bytecode::numbers`): Rust's `f64` and integer
//! methods, each matching what Rust computes. An integer argument is first read as its
//! type holds it ([`Int`]); a result is a 64-bit pattern again, wrapped to the type.
use alloc::format;
use alloc::string::String;

use cprime_bytecode::numbers::{int_decode, FloatFn, FloatFn2, FloatFn3, FloatIs, IntChecked, IntFn, IntFn2};

use super::fmath;
use crate::Trap;

fn unknown(family: &str, code: i64) -> Trap {
    Trap::Internal(format!("no {family} method of code {code}"))
}

pub(crate) fn float_fn(x: f64, code: i64) -> Result<f64, Trap> {
    use FloatFn::*;
    Ok(match FloatFn::from_code(code).ok_or_else(|| unknown("FloatFn", code))? {
        Tan => fmath::tan(x),
        Asin => fmath::asin(x),
        Acos => fmath::acos(x),
        Atan => fmath::atan(x),
        Sinh => fmath::sinh(x),
        Cosh => fmath::cosh(x),
        Tanh => fmath::tanh(x),
        Asinh => fmath::asinh(x),
        Acosh => fmath::acosh(x),
        Atanh => fmath::atanh(x),
        Log2 => fmath::log2(x),
        Log10 => fmath::log10(x),
        Exp2 => fmath::exp2(x),
        ExpM1 => fmath::expm1(x),
        Ln1p => fmath::log1p(x),
        Cbrt => fmath::cbrt(x),
        Trunc => fmath::trunc(x),
        Fract => x - fmath::trunc(x),
        Signum if x.is_nan() => f64::NAN,
        Signum => fmath::copysign(1.0, x),
        Recip => 1.0 / x,
        ToDegrees => x * (180.0f64 / core::f64::consts::PI),
        ToRadians => x * (core::f64::consts::PI / 180.0),
    })
}

pub(crate) fn float_fn2(x: f64, y: f64, code: i64) -> Result<f64, Trap> {
    use FloatFn2::*;
    Ok(match FloatFn2::from_code(code).ok_or_else(|| unknown("FloatFn2", code))? {
        Atan2 => fmath::atan2(x, y),
        Hypot => fmath::hypot(x, y),
        Log => fmath::log(x) / fmath::log(y),
        Copysign => fmath::copysign(x, y),
        RemEuclid => {
            let r = x % y;
            if r < 0.0 { r + fmath::fabs(y) } else { r }
        }
        DivEuclid => {
            let q = fmath::trunc(x / y);
            if x % y < 0.0 {
                if y > 0.0 { q - 1.0 } else { q + 1.0 }
            } else {
                q
            }
        }
        Powi => powi(x, y as i32),
    })
}

/// `x` to an integer power as Rust computes it at run time (`llvm.powi`, compiler-rt's
/// `__powidf2`: square and multiply, then the reciprocal for a negative exponent).
fn powi(x: f64, n: i32) -> f64 {
    let (mut r, mut a, mut b) = (1.0, x, n);
    loop {
        if b & 1 != 0 {
            r *= a;
        }
        b /= 2;
        if b == 0 {
            break;
        }
        a *= a;
    }
    if n < 0 { 1.0 / r } else { r }
}

pub(crate) fn float_fn3(x: f64, y: f64, z: f64, code: i64) -> Result<f64, Trap> {
    Ok(match FloatFn3::from_code(code).ok_or_else(|| unknown("FloatFn3", code))? {
        FloatFn3::Clamp => {
            // (a NaN bound compares as neither)
            if y.partial_cmp(&z).is_none_or(|o| o == core::cmp::Ordering::Greater) {
                return Err(Trap::Panic(format!("min > max, or either was NaN. min = {}, max = {}", debug(y), debug(z))));
            }
            if x < y { y } else if x > z { z } else { x }
        }
        FloatFn3::MulAdd => fmath::fma(x, y, z),
    })
}

/// A float as `{:?}` shows it, for panic messages.
fn debug(x: f64) -> String {
    crate::format::float_debug(x)
}

pub(crate) fn float_is(x: f64, code: i64) -> Result<bool, Trap> {
    use FloatIs::*;
    Ok(match FloatIs::from_code(code).ok_or_else(|| unknown("FloatIs", code))? {
        Nan => x.is_nan(),
        Finite => x.is_finite(),
        Infinite => x.is_infinite(),
        Normal => x.is_normal(),
        Subnormal => x.is_subnormal(),
        SignNegative => x.is_sign_negative(),
        SignPositive => x.is_sign_positive(),
    })
}

/// An integer type: its width and signedness, from a method's code.
#[derive(Clone, Copy)]
struct Int {
    bits: u32,
    signed: bool,
}

impl Int {
    /// The value a 64-bit pattern holds as this type.
    fn value(self, x: i64) -> i128 {
        let sh = 64 - self.bits;
        if self.signed { i128::from((x << sh) >> sh) } else { i128::from(((x as u64) << sh) >> sh) }
    }

    /// The low bits of a pattern, as an unsigned number.
    fn raw(self, x: i64) -> u64 {
        ((x as u64) << (64 - self.bits)) >> (64 - self.bits)
    }

    fn range(self) -> (i128, i128) {
        if self.signed {
            (-(1i128 << (self.bits - 1)), (1i128 << (self.bits - 1)) - 1)
        } else {
            (0, (1i128 << self.bits) - 1)
        }
    }

    /// `v` wrapped to the type, as a 64-bit pattern.
    fn wrap(self, v: i128) -> i64 {
        let low = v as i64;
        let sh = 64 - self.bits;
        if self.signed { (low << sh) >> sh } else { (((low as u64) << sh) >> sh) as i64 }
    }

    fn fits(self, v: i128) -> Option<i64> {
        let (lo, hi) = self.range();
        (lo..=hi).contains(&v).then_some(v as i64)
    }

    fn saturate(self, v: i128) -> i64 {
        let (lo, hi) = self.range();
        v.clamp(lo, hi) as i64
    }
}

/// `b^e` in the integers, `None` past `i128` (every type's range is far inside it).
fn pow(b: i128, e: u32) -> Option<i128> {
    b.checked_pow(e)
}

fn int_of(code: i64) -> (i64, Int) {
    let (m, bits, signed) = int_decode(code);
    (m, Int { bits, signed })
}

fn positive(v: i128, what: &str) -> Result<u64, Trap> {
    if v <= 0 {
        return Err(Trap::Panic(format!("argument of integer {what} must be positive")));
    }
    Ok(v as u64)
}

pub(crate) fn int_fn(x: i64, code: i64) -> Result<i64, Trap> {
    let (m, t) = int_of(code);
    let v = t.value(x);
    let raw = t.raw(x);
    let pad = 64 - t.bits;
    use IntFn::*;
    Ok(match IntFn::from_code(m).ok_or_else(|| unknown("IntFn", code))? {
        Signum => v.signum() as i64,
        CountOnes => i64::from(raw.count_ones()),
        CountZeros => i64::from(t.bits - raw.count_ones()),
        LeadingZeros => i64::from(raw.leading_zeros() - pad),
        TrailingZeros => i64::from(raw.trailing_zeros().min(t.bits)),
        IsPowerOfTwo => (v > 0 && v & (v - 1) == 0) as i64,
        Isqrt if v < 0 => return Err(Trap::Panic(String::from("argument of integer square root cannot be negative"))),
        Isqrt => (v as u64).isqrt() as i64,
        Ilog2 => i64::from(positive(v, "logarithm")?.ilog2()),
        Ilog10 => i64::from(positive(v, "logarithm")?.ilog10()),
        WrappingNeg => t.wrap(-v),
        WrappingAbs => t.wrap(v.abs()),
        UnsignedAbs => Int { bits: t.bits, signed: false }.wrap(v.abs()),
        SwapBytes => t.wrap(i128::from((raw.swap_bytes() >> pad) as i64)),
        ReverseBits => t.wrap(i128::from((raw.reverse_bits() >> pad) as i64)),
        // (past the type's largest power of two: 0, as Rust's release build gives)
        NextPowerOfTwo => t.wrap(next_power_of_two(v)),
        IsPositive => (v > 0) as i64,
        IsNegative => (v < 0) as i64,
    })
}

/// The smallest power of two at least `v` (1 for `v <= 1`), in the integers: every
/// type's values are far inside `i128`.
fn next_power_of_two(v: i128) -> i128 {
    if v <= 1 {
        1
    } else {
        1 << (128 - (v - 1).leading_zeros())
    }
}

pub(crate) fn int_fn2(x: i64, y: i64, code: i64) -> Result<i64, Trap> {
    let (m, t) = int_of(code);
    let (a, b) = (t.value(x), t.value(y));
    use IntFn2::*;
    Ok(match IntFn2::from_code(m).ok_or_else(|| unknown("IntFn2", code))? {
        RemEuclid | DivEuclid if b == 0 => return Err(Trap::DivZero),
        // (the one quotient that does not fit: Rust panics, even in a release build)
        DivEuclid if t.fits(a / b).is_none() => return Err(Trap::Panic(String::from("attempt to divide with overflow"))),
        RemEuclid if t.fits(a / b).is_none() => return Err(Trap::Panic(String::from("attempt to calculate the remainder with overflow"))),
        DivCeil if b == 0 => return Err(Trap::DivZero),
        DivCeil if t.fits(a / b).is_none() => return Err(Trap::Panic(String::from("attempt to divide with overflow"))),
        // (rounded up: the truncated quotient, plus one where a remainder is left of the
        // divisor's sign)
        DivCeil => t.wrap(a / b + i128::from(a % b != 0 && (a % b > 0) == (b > 0))),
        RemEuclid => t.wrap(a.rem_euclid(b)),
        DivEuclid => t.wrap(a.div_euclid(b)),
        AbsDiff => Int { bits: t.bits, signed: false }.wrap((a - b).abs()),
        WrappingAdd => t.wrap(a + b),
        WrappingSub => t.wrap(a - b),
        WrappingMul => t.wrap(a.wrapping_mul(b)),
        // (wrapping at 64 bits, then at the type's width, is wrapping at its width)
        WrappingPow => t.wrap(i128::from((a as i64 as u64).wrapping_pow(exponent(y)?) as i64)),
        SaturatingAdd => t.saturate(a + b),
        SaturatingSub => t.saturate(a - b),
        SaturatingMul => t.saturate(a.checked_mul(b).unwrap_or(if (a < 0) != (b < 0) { i128::MIN } else { i128::MAX })),
        SaturatingPow => {
            let e = exponent(y)?;
            match pow(a, e).and_then(|r| t.fits(r)) {
                Some(r) => r,
                None => t.saturate(if a < 0 && e % 2 == 1 { i128::MIN } else { i128::MAX }),
            }
        }
        // (the amount is taken modulo the width, as Rust's `wrapping_shl`: a value of an
        // unsigned type is non-negative here, so `>>` brings in zeros)
        WrappingShl => t.wrap(a << (y & i64::from(t.bits - 1))),
        WrappingShr => t.wrap(a >> (y & i64::from(t.bits - 1))),
        Min => t.wrap(a.min(b)),
        Max => t.wrap(a.max(b)),
        // (Rust's `pow` wraps in a release build)
        Pow => t.wrap(i128::from((a as i64 as u64).wrapping_pow(exponent(y)?) as i64)),
        RotateLeft | RotateRight => {
            let raw = t.raw(x);
            let n = (y.rem_euclid(i64::from(t.bits))) as u32;
            let n = if m == RotateRight as i64 { (t.bits - n) % t.bits } else { n };
            let mask = u64::MAX >> (64 - t.bits);
            let r = if n == 0 { raw } else { ((raw << n) | (raw >> (t.bits - n))) & mask };
            t.wrap(i128::from(r as i64))
        }
    })
}

/// A `pow` exponent (Rust's is a `u32`).
fn exponent(y: i64) -> Result<u32, Trap> {
    u32::try_from(y).map_err(|_| Trap::Panic(format!("exponent {y} is not a u32")))
}

/// `None` where the result does not fit the type (or, dividing by zero, has none).
pub(crate) fn int_checked(x: i64, y: i64, code: i64) -> Result<Option<i64>, Trap> {
    let (m, t) = int_of(code);
    let (a, b) = (t.value(x), t.value(y));
    use IntChecked::*;
    let r = match IntChecked::from_code(m).ok_or_else(|| unknown("IntChecked", code))? {
        Add => Some(a + b),
        Sub => Some(a - b),
        Mul => a.checked_mul(b),
        Div => a.checked_div(b),
        // (`None` where the quotient overflows, as Rust's: `MIN % -1`)
        Rem => a.checked_div(b).and_then(|q| t.fits(q)).and_then(|_| a.checked_rem(b)),
        Pow => pow(a, exponent(y)?),
        // (`None` for a shift by the width or more; the shifted bits wrap, as Rust's)
        Shl => shift(y, t).map(|n| t.value(t.wrap(a << n))),
        Shr => shift(y, t).map(|n| a >> n),
        Neg => Some(-a),
        Abs => Some(a.abs()),
        NextPowerOfTwo => Some(next_power_of_two(a)),
    };
    Ok(r.and_then(|r| t.fits(r)))
}

/// A `checked_shl`/`checked_shr` amount (a `u32` in Rust) below type `t`'s width.
fn shift(y: i64, t: Int) -> Option<u32> {
    u32::try_from(y).ok().filter(|&n| n < t.bits)
}

pub(crate) fn clamp_int(x: i64, lo: i64, hi: i64, code: i64) -> Result<i64, Trap> {
    let (_, t) = int_of(code);
    let (x, lo, hi) = (t.value(x), t.value(lo), t.value(hi));
    if lo > hi {
        return Err(Trap::Panic(String::from("assertion failed: min <= max")));
    }
    Ok(t.wrap(x.clamp(lo, hi)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cprime_bytecode::numbers::int_code;

    fn code(m: u8, bits: u32, signed: bool) -> i64 {
        int_code(m, bits, signed)
    }

    /// Integer methods compute what Rust's do on the receiver's type.
    #[test]
    fn int_methods_follow_the_type() {
        assert_eq!(int_fn2(200, 100, code(IntFn2::WrappingAdd as u8, 8, false)).unwrap(), 44);
        assert_eq!(int_fn2(100, 100, code(IntFn2::WrappingAdd as u8, 8, true)).unwrap(), -56);
        assert_eq!(int_fn2(200, 100, code(IntFn2::SaturatingAdd as u8, 8, false)).unwrap(), 255);
        assert_eq!(int_fn2(-100, 100, code(IntFn2::SaturatingSub as u8, 8, true)).unwrap(), -128);
        assert_eq!(int_fn2(i64::MAX, 2, code(IntFn2::SaturatingMul as u8, 64, true)).unwrap(), i64::MAX);
        assert_eq!(int_fn2(-7, 3, code(IntFn2::RemEuclid as u8, 64, true)).unwrap(), 2);
        assert_eq!(int_fn2(-7, 3, code(IntFn2::DivEuclid as u8, 64, true)).unwrap(), -3);
        assert!(matches!(int_fn2(1, 0, code(IntFn2::RemEuclid as u8, 64, true)), Err(Trap::DivZero)));
        assert_eq!(int_fn2(0b1000_0001, 1, code(IntFn2::RotateLeft as u8, 8, false)).unwrap(), 0b0000_0011);
        assert_eq!(int_fn2(0b1000_0001, 1, code(IntFn2::RotateRight as u8, 8, false)).unwrap(), 0b1100_0000);
        assert_eq!(int_fn2(3, 4, code(IntFn2::WrappingPow as u8, 8, false)).unwrap(), 81);
        assert_eq!(int_fn2(3, 5, code(IntFn2::WrappingPow as u8, 8, false)).unwrap(), (243u8) as i64);
        assert_eq!(int_fn2(-2, 63, code(IntFn2::SaturatingPow as u8, 64, true)).unwrap(), i64::MIN);
        assert_eq!(int_fn2(5, 9, code(IntFn2::AbsDiff as u8, 64, true)).unwrap(), 4);
        assert_eq!(int_fn(0b1011, code(IntFn::CountOnes as u8, 8, false)).unwrap(), 3);
        assert_eq!(int_fn(1, code(IntFn::LeadingZeros as u8, 16, false)).unwrap(), 15);
        assert_eq!(int_fn(0, code(IntFn::TrailingZeros as u8, 32, true)).unwrap(), 32);
        assert_eq!(int_fn(-1, code(IntFn::CountOnes as u8, 8, true)).unwrap(), 8);
        assert_eq!(int_fn(64, code(IntFn::IsPowerOfTwo as u8, 64, true)).unwrap(), 1);
        assert_eq!(int_fn(99, code(IntFn::Isqrt as u8, 64, true)).unwrap(), 9);
        assert_eq!(int_fn(1000, code(IntFn::Ilog10 as u8, 64, true)).unwrap(), 3);
        assert!(matches!(int_fn(0, code(IntFn::Ilog2 as u8, 64, true)), Err(Trap::Panic(_))));
        assert_eq!(int_fn(-128, code(IntFn::WrappingNeg as u8, 8, true)).unwrap(), -128);
        assert_eq!(int_fn(-128, code(IntFn::UnsignedAbs as u8, 8, true)).unwrap(), 128);
        assert_eq!(int_fn(0x1234, code(IntFn::SwapBytes as u8, 16, false)).unwrap(), 0x3412);
        assert_eq!(int_fn(1, code(IntFn::ReverseBits as u8, 8, false)).unwrap(), 128);
        assert_eq!(int_checked(i64::MAX, 1, code(IntChecked::Add as u8, 64, true)).unwrap(), None);
        assert_eq!(int_checked(5, 6, code(IntChecked::Sub as u8, 32, false)).unwrap(), None);
        assert_eq!(int_checked(2, 10, code(IntChecked::Pow as u8, 16, true)).unwrap(), Some(1024));
        // version 11's: shifts below the width (the bits shifted out wrap), unary ones
        // with a second argument of 0, a power of two rounded up, a quotient rounded up
        assert_eq!(int_checked(200, 1, code(IntChecked::Shl as u8, 8, false)).unwrap(), Some(144));
        assert_eq!(int_checked(1, 8, code(IntChecked::Shl as u8, 8, false)).unwrap(), None);
        assert_eq!(int_checked(1, -1, code(IntChecked::Shr as u8, 64, true)).unwrap(), None);
        assert_eq!(int_checked(1, 63, code(IntChecked::Shl as u8, 64, false)).unwrap(), Some(i64::MIN));
        assert_eq!(int_checked(-128, 0, code(IntChecked::Neg as u8, 8, true)).unwrap(), None);
        assert_eq!(int_checked(0, 0, code(IntChecked::Neg as u8, 8, false)).unwrap(), Some(0));
        assert_eq!(int_checked(i64::MIN, 0, code(IntChecked::Abs as u8, 64, true)).unwrap(), None);
        assert_eq!(int_checked(200, 0, code(IntChecked::NextPowerOfTwo as u8, 8, false)).unwrap(), None);
        assert_eq!(int_fn(-1, code(IntFn::NextPowerOfTwo as u8, 64, false)).unwrap(), 0, "u64::MAX: past the largest");
        assert_eq!(int_fn(0, code(IntFn::NextPowerOfTwo as u8, 16, false)).unwrap(), 1);
        assert_eq!(int_fn(129, code(IntFn::NextPowerOfTwo as u8, 32, false)).unwrap(), 256);
        assert_eq!(int_fn(-3, code(IntFn::IsNegative as u8, 32, true)).unwrap(), 1);
        assert_eq!(int_fn(0, code(IntFn::IsPositive as u8, 32, true)).unwrap(), 0);
        assert_eq!(int_fn2(7, 2, code(IntFn2::DivCeil as u8, 32, false)).unwrap(), 4);
        assert_eq!(int_fn2(-7, 2, code(IntFn2::DivCeil as u8, 32, true)).unwrap(), -3);
        assert_eq!(int_fn2(-7, -2, code(IntFn2::DivCeil as u8, 32, true)).unwrap(), 4);
        assert_eq!(int_fn2(-1, 2, code(IntFn2::DivCeil as u8, 64, false)).unwrap(), i64::MIN, "u64::MAX / 2, rounded up");
        assert!(matches!(int_fn2(1, 0, code(IntFn2::DivCeil as u8, 8, false)), Err(Trap::DivZero)));
        assert!(matches!(int_fn2(-128, -1, code(IntFn2::DivCeil as u8, 8, true)), Err(Trap::Panic(_))));
        assert_eq!(int_checked(2, 15, code(IntChecked::Pow as u8, 16, true)).unwrap(), None);
        assert_eq!(int_checked(i64::MIN, -1, code(IntChecked::Div as u8, 64, true)).unwrap(), None);
        assert_eq!(int_checked(7, 0, code(IntChecked::Rem as u8, 64, true)).unwrap(), None);
        assert_eq!(int_checked(i64::MIN, -1, code(IntChecked::Rem as u8, 64, true)).unwrap(), None);
        assert_eq!(int_checked(-128, -1, code(IntChecked::Rem as u8, 8, true)).unwrap(), None);
        assert!(matches!(int_fn2(-128, -1, code(IntFn2::DivEuclid as u8, 8, true)), Err(Trap::Panic(_))));
        assert_eq!(int_fn2(-1, 1, code(IntFn2::Max as u8, 64, false)).unwrap(), -1, "u64::MAX is the larger");
        assert_eq!(int_fn2(2, 8, code(IntFn2::Pow as u8, 8, false)).unwrap(), 0);
        assert_eq!(clamp_int(5, 1, -1, int_code(0, 64, false)).unwrap(), 5, "[1, u64::MAX]");
        assert_eq!(clamp_int(400, 0, 255, int_code(0, 8, false)).unwrap(), 144, "400 as a u8 is 144");
    }

    /// Float methods agree with Rust's where Rust's own are exact, and clamp panics on a
    /// bad range.
    #[test]
    fn float_methods_match_rust() {
        assert_eq!(float_fn(-2.5, FloatFn::Trunc as i64).unwrap(), -2.0);
        assert_eq!(float_fn(-2.5, FloatFn::Fract as i64).unwrap(), -0.5);
        assert_eq!(float_fn(-0.0, FloatFn::Signum as i64).unwrap(), -1.0);
        assert!(float_fn(f64::NAN, FloatFn::Signum as i64).unwrap().is_nan());
        assert_eq!(float_fn2(-7.0, 4.0, FloatFn2::RemEuclid as i64).unwrap(), 1.0);
        assert_eq!(float_fn2(-7.0, 4.0, FloatFn2::DivEuclid as i64).unwrap(), -2.0);
        assert_eq!(float_fn2(3.0, 4.0, FloatFn2::Hypot as i64).unwrap(), 5.0);
        assert_eq!(float_fn3(5.0, 0.0, 1.0, FloatFn3::Clamp as i64).unwrap(), 1.0);
        assert!(float_fn3(f64::NAN, 0.0, 1.0, FloatFn3::Clamp as i64).unwrap().is_nan());
        assert!(matches!(float_fn3(0.5, 1.0, 0.0, FloatFn3::Clamp as i64), Err(Trap::Panic(_))));
        assert!(float_is(f64::INFINITY, FloatIs::Infinite as i64).unwrap());
        assert!(!float_is(f64::NAN, FloatIs::Finite as i64).unwrap());
        assert!(matches!(float_fn(1.0, 99), Err(Trap::Internal(_))));
        assert_eq!(float_fn2(0.1, 5.0, FloatFn2::Powi as i64).unwrap(), 1.0000000000000006e-5);
        assert_eq!(float_fn2(0.1, -7.0, FloatFn2::Powi as i64).unwrap(), 9999999.999999993);
    }
}
