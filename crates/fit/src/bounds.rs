//! Bounded parameters for an unbounded optimiser.
//!
//! Levenberg–Marquardt works on unbounded variables, so each varied
//! parameter x with bounds is mapped to an internal variable u:
//!
//! * `(0, ∞)` — the common case of a positive scale (a time, a density of
//!   states, a modulus), whose values span many decades: x = eᵘ;
//! * `[a, b]` — x = a + (b − a)(1 + sin u)/2 (MINUIT and lmfit use the same
//!   map);
//! * `[a, ∞)` — x = a − s + √(u² + s²), and `(−∞, b]` mirrored, with s the
//!   distance of the start from the bound so that u is well scaled;
//! * unbounded — x = u.
//!
//! The transforms only steer the search: uncertainties and correlations are
//! computed afterwards from the Jacobian with respect to x itself.
//!
//! ```
//! use vitreous_fit::bounds::Transform;
//! let t = Transform::new(0.0, 1.0, 0.25);
//! let u = t.to_internal(0.25);
//! assert!((t.to_external(u) - 0.25).abs() < 1e-15);
//! assert!(t.to_external(1e9) <= 1.0 && t.to_external(-1e9) >= 0.0);
//! let p = Transform::new(f64::MIN_POSITIVE, f64::INFINITY, 1e-14);
//! assert!((p.to_external(p.to_internal(1e-14)) / 1e-14 - 1.0).abs() < 1e-14);
//! ```

/// The map between a parameter and its internal unbounded variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transform {
    /// x = u.
    Free,
    /// x = eᵘ (bounds (0, ∞)).
    Log,
    /// x = a + (b − a)(1 + sin u)/2.
    Both {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// x = a − s + √(u² + s²).
    Lower {
        /// Lower bound.
        min: f64,
        /// Scale.
        s: f64,
    },
    /// x = b + s − √(u² + s²).
    Upper {
        /// Upper bound.
        max: f64,
        /// Scale.
        s: f64,
    },
}

impl Transform {
    /// The transform for bounds `[min, max]` and a start value.
    pub fn new(min: f64, max: f64, start: f64) -> Self {
        let lo = min.is_finite();
        let hi = max.is_finite();
        if lo && !hi && (0.0..=f64::MIN_POSITIVE).contains(&min) && start > 0.0 {
            return Transform::Log;
        }
        let scale = |d: f64| {
            if d.is_finite() && d > 0.0 {
                d
            } else if start != 0.0 {
                start.abs()
            } else {
                1.0
            }
        };
        match (lo, hi) {
            (true, true) => Transform::Both { min, max },
            (true, false) => Transform::Lower {
                min,
                s: scale(start - min),
            },
            (false, true) => Transform::Upper {
                max,
                s: scale(max - start),
            },
            (false, false) => Transform::Free,
        }
    }

    /// x from u.
    pub fn to_external(&self, u: f64) -> f64 {
        match *self {
            Transform::Free => u,
            Transform::Log => u.exp().clamp(f64::MIN_POSITIVE, f64::MAX),
            Transform::Both { min, max } => {
                (min + (max - min) * 0.5 * (1.0 + u.sin())).clamp(min, max)
            }
            Transform::Lower { min, s } => min - s + u.hypot(s),
            Transform::Upper { max, s } => max + s - u.hypot(s),
        }
    }

    /// u from x (x within bounds).
    pub fn to_internal(&self, x: f64) -> f64 {
        match *self {
            Transform::Free => x,
            Transform::Log => x.ln(),
            Transform::Both { min, max } => (2.0 * (x - min) / (max - min) - 1.0)
                .clamp(-1.0, 1.0)
                .asin(),
            Transform::Lower { min, s } => {
                let d = x - min + s;
                (d * d - s * s).max(0.0).sqrt()
            }
            Transform::Upper { max, s } => {
                let d = max - x + s;
                (d * d - s * s).max(0.0).sqrt()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_inside_the_bounds() {
        for (min, max, x) in [
            (0.0, 1.0, 0.3),
            (-5.0, 5.0, 4.999),
            (2.0, f64::INFINITY, 3.5),
            (f64::NEG_INFINITY, 10.0, -7.0),
            (f64::NEG_INFINITY, f64::INFINITY, -1e20),
            (f64::MIN_POSITIVE, f64::INFINITY, 8.9e44),
            (0.0, f64::INFINITY, 2.5),
        ] {
            let t = Transform::new(min, max, x);
            let back = t.to_external(t.to_internal(x));
            assert!(
                (back - x).abs() <= 1e-12 * x.abs().max(1.0),
                "{t:?}: {x} → {back}"
            );
            for u in [-1e6, -3.0, 0.0, 2.0, 1e6] {
                let y = t.to_external(u);
                assert!(y >= min && y <= max, "{t:?}: u = {u} → {y}");
            }
        }
    }
}
