//! The numeric methods of the standard library (`x.tanh()`, `n.count_ones()`,
//! `a.checked_add(b)`), as Rust's `f64` and integer types have them. Each family is one
//! native (`FloatFn`, `IntFn2`, ...) whose last argument selects the method by its code
//! here: the compiler finds a method by name, the VM matches every code, and adding a
//! method means adding one line to a table below.
//!
//! An integer method also gets the receiver's type: its width in bits and signedness
//! ([`int_code`]), since every integer is a 64-bit pattern in a register and
//! `200u8.wrapping_add(100)` must wrap at 8 bits.

macro_rules! define_methods {
    ($(#[$doc:meta])* $ty:ident { $($v:ident $name:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum $ty { $($v),* }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$v),*];
            /// The method's name in source code.
            pub fn name(self) -> &'static str {
                match self { $($ty::$v => $name),* }
            }
            pub fn from_name(name: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|m| m.name() == name)
            }
            pub fn from_code(code: i64) -> Option<$ty> {
                usize::try_from(code).ok().and_then(|c| Self::ALL.get(c)).copied()
            }
        }
    };
}

define_methods! {
    /// `FloatFn`: `f64 -> f64`.
    FloatFn {
        Tan "tan", Asin "asin", Acos "acos", Atan "atan",
        Sinh "sinh", Cosh "cosh", Tanh "tanh", Asinh "asinh", Acosh "acosh", Atanh "atanh",
        Log2 "log2", Log10 "log10", Exp2 "exp2", ExpM1 "exp_m1", Ln1p "ln_1p", Cbrt "cbrt",
        Trunc "trunc", Fract "fract", Signum "signum", Recip "recip",
        ToDegrees "to_degrees", ToRadians "to_radians",
    }
}

define_methods! {
    /// `FloatFn2`: `(f64, f64) -> f64`.
    FloatFn2 {
        Atan2 "atan2", Hypot "hypot", Log "log", Copysign "copysign",
        RemEuclid "rem_euclid", DivEuclid "div_euclid",
        // (the exponent, an `i32`, as a float: exact)
        Powi "powi",
    }
}

define_methods! {
    /// `FloatFn3`: `(f64, f64, f64) -> f64`.
    FloatFn3 { Clamp "clamp", MulAdd "mul_add" }
}

define_methods! {
    /// `FloatIs`: `f64 -> bool`.
    FloatIs {
        Nan "is_nan", Finite "is_finite", Infinite "is_infinite", Normal "is_normal",
        Subnormal "is_subnormal", SignNegative "is_sign_negative", SignPositive "is_sign_positive",
    }
}

define_methods! {
    /// `IntFn`: an integer to an integer (`bool` for `is_power_of_two`).
    IntFn {
        Signum "signum", CountOnes "count_ones", CountZeros "count_zeros",
        LeadingZeros "leading_zeros", TrailingZeros "trailing_zeros",
        IsPowerOfTwo "is_power_of_two", Isqrt "isqrt", Ilog2 "ilog2", Ilog10 "ilog10",
        WrappingNeg "wrapping_neg", WrappingAbs "wrapping_abs", UnsignedAbs "unsigned_abs",
        SwapBytes "swap_bytes", ReverseBits "reverse_bits",
        // (version 11; `is_positive`/`is_negative` give a `bool`)
        NextPowerOfTwo "next_power_of_two", IsPositive "is_positive", IsNegative "is_negative",
    }
}

define_methods! {
    /// `IntFn2`: two integers to an integer.
    IntFn2 {
        RemEuclid "rem_euclid", DivEuclid "div_euclid", AbsDiff "abs_diff",
        WrappingAdd "wrapping_add", WrappingSub "wrapping_sub", WrappingMul "wrapping_mul",
        WrappingPow "wrapping_pow",
        SaturatingAdd "saturating_add", SaturatingSub "saturating_sub",
        SaturatingMul "saturating_mul", SaturatingPow "saturating_pow",
        RotateLeft "rotate_left", RotateRight "rotate_right",
        // (the 64-bit types have natives of their own: `MinI`, `MaxI`, `PowI`)
        Min "min", Max "max", Pow "pow",
        // (also `>>` of a `u64`, which is logical: the interpreter's `ShrI` is arithmetic)
        WrappingShl "wrapping_shl", WrappingShr "wrapping_shr",
        // (version 11)
        DivCeil "div_ceil",
    }
}

define_methods! {
    /// `IntChecked`: one or two integers to `Option<int>`, `None` where the result does
    /// not fit the type or the operation has none (a shift: by the width or more).
    IntChecked {
        Add "checked_add", Sub "checked_sub", Mul "checked_mul", Div "checked_div",
        Rem "checked_rem", Pow "checked_pow",
        // (version 11; the last three take no argument: the native's second is 0)
        Shl "checked_shl", Shr "checked_shr",
        Neg "checked_neg", Abs "checked_abs", NextPowerOfTwo "checked_next_power_of_two",
    }
}

impl IntChecked {
    /// Whether the method takes an argument (`checked_neg` takes none).
    pub fn binary(self) -> bool {
        !matches!(self, IntChecked::Neg | IntChecked::Abs | IntChecked::NextPowerOfTwo)
    }

    /// Whether its argument is an exponent or a bit count (a `u32`), not of the
    /// receiver's type.
    pub fn counts(self) -> bool {
        matches!(self, IntChecked::Pow | IntChecked::Shl | IntChecked::Shr)
    }
}

/// An integer method's code: the method, then the receiver type's width in bits and
/// whether it is unsigned.
pub fn int_code(method: u8, bits: u32, signed: bool) -> i64 {
    i64::from(method) | i64::from(bits) << 8 | i64::from(!signed) << 16
}

/// `int_code` taken apart: (method, bits, signed); bits are 8, 16, 32 or 64.
pub fn int_decode(code: i64) -> (i64, u32, bool) {
    let bits = match (code >> 8) & 0xff {
        b @ (8 | 16 | 32) => b as u32,
        _ => 64,
    };
    (code & 0xff, bits, (code >> 16) & 1 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names find their methods and codes round-trip, in every family.
    #[test]
    fn names_and_codes_round_trip() {
        for &m in FloatFn::ALL {
            assert_eq!(FloatFn::from_name(m.name()), Some(m));
            assert_eq!(FloatFn::from_code(m as i64), Some(m));
        }
        for &m in IntChecked::ALL {
            assert_eq!(IntChecked::from_name(m.name()), Some(m));
        }
        assert_eq!(IntFn2::from_name("wrapping_add"), Some(IntFn2::WrappingAdd));
        assert_eq!(FloatIs::from_code(99), None);
        assert_eq!(FloatFn::from_name("exp"), None, "a method with a native of its own");
        assert_eq!(int_decode(int_code(IntFn::CountOnes as u8, 8, false)), (IntFn::CountOnes as i64, 8, false));
        assert_eq!(int_decode(int_code(3, 64, true)), (3, 64, true));
    }
}
