//! The float functions the math natives compute with. Where the VM has `std` (every
//! hosted run) they are Rust's own `f64` methods, which call the platform's libm, so a
//! program computes what the same Rust program does, to the last bit; on bare metal
//! (`no_std`) they are the libm crate's ports, which may differ in the last place.

#[cfg(feature = "std")]
mod imp {
    macro_rules! unary {
        ($($name:ident => $method:ident),* $(,)?) => {
            $(#[inline] pub fn $name(x: f64) -> f64 { x.$method() })*
        };
    }
    macro_rules! binary {
        ($($name:ident => $method:ident),* $(,)?) => {
            $(#[inline] pub fn $name(x: f64, y: f64) -> f64 { x.$method(y) })*
        };
    }
    unary! {
        sqrt => sqrt, floor => floor, ceil => ceil, round => round, trunc => trunc, fabs => abs,
        sin => sin, cos => cos, tan => tan, asin => asin, acos => acos, atan => atan,
        sinh => sinh, cosh => cosh, tanh => tanh, asinh => asinh, acosh => acosh, atanh => atanh,
        exp => exp, exp2 => exp2, expm1 => exp_m1, log => ln, log2 => log2, log10 => log10,
        log1p => ln_1p, cbrt => cbrt,
    }
    binary! { pow => powf, atan2 => atan2, hypot => hypot, copysign => copysign, fmin => min, fmax => max }
    #[inline]
    pub fn fmod(x: f64, y: f64) -> f64 {
        x % y
    }
    #[inline]
    pub fn fma(x: f64, y: f64, z: f64) -> f64 {
        x.mul_add(y, z)
    }
}

#[cfg(not(feature = "std"))]
mod imp {
    pub use libm::{
        acos, acosh, asin, asinh, atan, atan2, atanh, cbrt, ceil, copysign, cos, cosh, exp, exp2, expm1, fabs, floor, fma, fmax, fmin,
        fmod, hypot, log, log10, log1p, log2, pow, round, sin, sinh, sqrt, tan, tanh, trunc,
    };
}

pub(crate) use imp::*;
