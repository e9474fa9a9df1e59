//! Physical constants, CODATA 2018 (exact where the 2019 SI defines them).
//!
//! This is the only place in vitreous where a physical constant is typed in;
//! every other module takes its constants from here.

use std::f64::consts::PI;

/// Boltzmann constant k_B in J/K (exact).
pub const K_B: f64 = 1.380_649e-23;
/// Planck constant h in J s (exact).
pub const H: f64 = 6.626_070_15e-34;
/// Reduced Planck constant ħ = h/2π in J s.
pub const HBAR: f64 = H / (2.0 * PI);
/// Elementary charge e in C (exact).
pub const E_CHARGE: f64 = 1.602_176_634e-19;
/// Bohr magneton μ_B in J/T (CODATA 2018).
pub const MU_B: f64 = 9.274_010_078_3e-24;
/// Vacuum permittivity ε₀ in F/m (CODATA 2018).
pub const EPSILON_0: f64 = 8.854_187_812_8e-12;
/// Speed of light in vacuum in m/s (exact), used to define the debye.
pub const C_LIGHT: f64 = 299_792_458.0;
/// One debye in C m: 10⁻²¹/c (= 3.33564e-30 C m).
pub const DEBYE: f64 = 1.0e-21 / C_LIGHT;
/// One electronvolt in J (exact).
pub const ELECTRONVOLT: f64 = E_CHARGE;
/// One ångström in m.
pub const ANGSTROM: f64 = 1.0e-10;
/// Avogadro constant in mol⁻¹ (exact).
pub const N_A: f64 = 6.022_140_76e23;
/// Molar gas constant R = N_A k_B in J mol⁻¹ K⁻¹ (exact, ≈ 8.314 462 618).
pub const R_GAS: f64 = N_A * K_B;

/// μ_B/k_B in K/T (CODATA 2018 quotes 0.671 713 815 63).
pub const MU_B_OVER_K_B: f64 = MU_B / K_B;
/// k_B/ħ in rad s⁻¹ K⁻¹ (≈ 1.309 203e11).
pub const K_B_OVER_HBAR: f64 = K_B / HBAR;
/// 2πe/h in Å⁻² T⁻¹: the Aharonov–Bohm phase per unit (charge/e × area × field)
/// (≈ 1.519 267 447e-5).
pub const TWO_PI_E_OVER_H_PER_A2_T: f64 = 2.0 * PI * E_CHARGE / H * ANGSTROM * ANGSTROM;

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// The derived constants must agree with the rounded values quoted in
    /// `docs/physics/tunneling.md` (Conventions), which come from CODATA tables independently of this module.
    #[test]
    fn derived_constants_match_quoted_codata_values() {
        assert!(rel(MU_B_OVER_K_B, 0.671_713_815_63) < 1e-10);
        assert!(rel(K_B_OVER_HBAR, 1.309_203e11) < 1e-6);
        assert!(rel(DEBYE, 3.335_64e-30) < 1e-5);
        assert!(rel(TWO_PI_E_OVER_H_PER_A2_T, 1.519_267_447e-5) < 1e-9);
        // CODATA 2018: R = 8.314 462 618… J mol⁻¹ K⁻¹ (exact)
        assert!(rel(R_GAS, 8.314_462_618) < 1e-10);
    }
}
