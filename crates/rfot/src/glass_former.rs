//! Real glass formers as inputs of the mosaic theory — vitreous silica,
//! glycerol and o-terphenyl — with the source of every number.
//!
//! Each [`GlassFormer`] holds the published numbers as [`Sourced`] values in
//! the units they are published in (per mole of formula units, kg/m³, m/s)
//! and converts them to the mosaic's per-bead SI inputs in one place:
//!
//! * bead density ρ_b = n_b ρ N_A / M and bead size a = ρ_b^{−1/3}, with n_b
//!   beads per formula unit — a *convention* (the rigid unit that moves as
//!   one), stated for each material. Only N*, ξ/a, the Lindemann ratio and
//!   the bead-lattice Debye temperature depend on it: F‡, τ, ξ and
//!   P̄ = (ρ_b s_c)²/K at T_g do not, because ρ_b s_c — the configurational
//!   entropy per volume — is bead-independent (tested).
//! * Δc_p per bead = Δc_p,molar/(n_b R), R = N_A k_B.
//! * T_K as published, or from a published configurational entropy S_c(T_g)
//!   through eq. 36: T_K = T_g/(1 + S_c(T_g)/Δc_p).
//! * K = ρ(v_l² − 4v_t²/3) and μ = ρ v_t² from the sound velocities.
//! * Θ_D as published, or the Debye temperature of the bead lattice,
//!   Θ_D = (ħ/k_B) v_D (6π² ρ_b)^{1/3} with 3/v_D³ = 1/v_l³ + 2/v_t³ (for
//!   silica this reproduces the published 342 K to 0.5 %, tested).
//!
//! Numbers marked approximate are quoted to the precision of a compilation
//! or come from a neighbouring temperature; the sound velocities of the two
//! molecular liquids are estimates at the level of GHz Brillouin data near
//! T_g and say so. The mosaic's own estimate γ ≈ √(K k_B T/ρ) (eq. 28) is
//! good to a factor of order one in F‡: with these inputs F‡(T_g)/k_B T_g
//! is 0.94 (silica), 1.0 (glycerol) and 2.0 (o-terphenyl) times
//! ln(100 s/τ0), and the model's T_g (τ = 100 s) lands within 20 % of the
//! measured T_g for every preset (tested; −3 %, 0 %, +17 %).
//!
//! ```
//! use vitreous_rfot::glass_former::VITREOUS_SILICA;
//! let silica = VITREOUS_SILICA.mosaic().unwrap();
//! let n_star = silica.cooperativity_size(silica.t_g).unwrap();
//! assert!((n_star - 200.0).abs() < 20.0); // Lubchenko's anchor, eq. 34
//! ```

use crate::mosaic::{Modulus, Mosaic};
use std::f64::consts::PI;
use vitreous_core::constants::{HBAR, K_B, N_A, R_GAS};
use vitreous_core::material::{Sourced, silica};
use vitreous_core::{Preset, Result};

/// How the Kauzmann temperature is obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kauzmann {
    /// T_K (K) as published.
    Published(Sourced),
    /// From a published configurational entropy per mole at T_g (J/(mol K))
    /// and eq. 36: T_K = T_g / (1 + S_c(T_g)/Δc_p).
    FromEntropyAtTg(Sourced),
}

/// How the heat-capacity jump at T_g is obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatCapacityJump {
    /// Δc_p per mole of formula units (J/(mol K)) as published.
    Published(Sourced),
    /// The published liquid C_p (J/(mol K)) minus the harmonic
    /// (Dulong–Petit) value 3R per atom of the glass — for a glass whose T_g
    /// is several Debye temperatures.
    LiquidAboveDulongPetit {
        /// C_p of the liquid at T_g, J/(mol K).
        liquid: Sourced,
        /// Atoms per formula unit.
        atoms: u32,
    },
}

/// A glass former with sourced inputs (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlassFormer {
    /// Preset name (`glycerol`).
    pub id: &'static str,
    /// Human name with formula.
    pub name: &'static str,
    /// T_g (K).
    pub t_g: Sourced,
    /// T_K.
    pub kauzmann: Kauzmann,
    /// Δc_p at T_g.
    pub delta_cp: HeatCapacityJump,
    /// Mass density (kg/m³).
    pub density: Sourced,
    /// Molar mass of the formula unit (kg/mol).
    pub molar_mass: Sourced,
    /// Beads per formula unit (a convention).
    pub beads: Sourced,
    /// Longitudinal sound velocity of the glass (m/s).
    pub v_l: Sourced,
    /// Transverse sound velocity of the glass (m/s).
    pub v_t: Sourced,
    /// Published Debye temperature (K); `None`: the bead-lattice value from
    /// the sound velocities.
    pub debye_temperature: Option<Sourced>,
    /// Attempt time τ0 (s).
    pub tau0: Sourced,
    /// Measured fragility m, for comparison with the model's (not an input).
    pub fragility: Sourced,
}

const BOHMER: &str =
    "R. Böhmer, K. L. Ngai, C. A. Angell & D. J. Plazek, J. Chem. Phys. 99, 4201 (1993)";
const CHANG_BESTUL: &str = "S. S. Chang & A. B. Bestul, J. Chem. Phys. 56, 503 (1972)";
const TAU0: Sourced = Sourced::approx(
    1e-12,
    "s",
    "τ0 ≈ 1 ps, V. Lubchenko (2024), as in docs/physics/rfot.md §1",
);
const IUPAC: &str = "IUPAC standard atomic weights";

/// Vitreous silica, SiO₂ — the strong network glass. T_g, ρ, v_l, v_t, Θ_D
/// from docs/physics/materials.md §4; S_c(T_g) and the liquid C_p from
/// Richet's calorimetry.
pub const VITREOUS_SILICA: GlassFormer = GlassFormer {
    id: "vitreous-silica",
    name: "vitreous silica (SiO₂)",
    t_g: silica::T_G,
    kauzmann: Kauzmann::FromEntropyAtTg(Sourced::approx(
        5.1,
        "J/(mol K)",
        "configurational entropy at T_g, P. Richet, Geochim. Cosmochim. Acta 48, 471 (1984)",
    )),
    delta_cp: HeatCapacityJump::LiquidAboveDulongPetit {
        liquid: Sourced::approx(
            81.37,
            "J/(mol K)",
            "C_p of liquid SiO₂, P. Richet, Y. Bottinga, L. Denielou, J. P. Petitet & C. Téqui, \
             Geochim. Cosmochim. Acta 46, 2639 (1982) — glass at T_g ≈ 4 Θ_D taken at 9R (Dulong–Petit)",
        ),
        atoms: 3,
    },
    density: silica::DENSITY,
    molar_mass: silica::MOLAR_MASS,
    beads: Sourced::new(
        1.0,
        "per SiO₂",
        "convention: one bead per corner-sharing SiO₄/₂ tetrahedron",
    ),
    v_l: silica::V_L,
    v_t: silica::V_T,
    debye_temperature: Some(silica::DEBYE_TEMPERATURE),
    tau0: TAU0,
    fragility: Sourced::approx(20.0, "1", BOHMER),
};

/// Glycerol, C₃H₈O₃ — the hydrogen-bonded intermediate glass former.
pub const GLYCEROL: GlassFormer = GlassFormer {
    id: "glycerol",
    name: "glycerol (C₃H₈O₃)",
    t_g: Sourced::approx(190.0, "K", BOHMER),
    kauzmann: Kauzmann::Published(Sourced::approx(
        135.0,
        "K",
        "C. A. Angell, J. Res. Natl. Inst. Stand. Technol. 102, 171 (1997)",
    )),
    delta_cp: HeatCapacityJump::Published(Sourced::approx(
        80.0,
        "J/(mol K)",
        "adiabatic calorimetry of G. E. Gibson & W. F. Giauque, J. Am. Chem. Soc. 45, 93 (1923), \
         as commonly quoted",
    )),
    density: Sourced::approx(
        1261.0,
        "kg/m³",
        "CRC Handbook of Chemistry and Physics, liquid at 20 °C (the glass at T_g is a few % denser)",
    ),
    molar_mass: Sourced::new(92.094e-3, "kg/mol", IUPAC),
    beads: Sourced::new(
        3.0,
        "per molecule",
        "convention: one bead per carbon with its hydroxyl group",
    ),
    v_l: Sourced::approx(
        3600.0,
        "m/s",
        "estimate at the level of GHz Brillouin data for glassy glycerol near T_g (e.g. L. Comez, \
         D. Fioretto, F. Scarponi & G. Monaco, arXiv:cond-mat/0305348) — not read from a table",
    ),
    v_t: Sourced::approx(
        1800.0,
        "m/s",
        "v_t/v_l ≈ 0.5 below T_g, D. Fioretto et al., Phil. Mag. 84, 1447 (2004)",
    ),
    debye_temperature: None,
    tau0: TAU0,
    fragility: Sourced::approx(53.0, "1", BOHMER),
};

/// o-Terphenyl, C₁₈H₁₄ — the fragile van der Waals glass former.
pub const ORTHO_TERPHENYL: GlassFormer = GlassFormer {
    id: "o-terphenyl",
    name: "o-terphenyl (C₁₈H₁₄)",
    t_g: Sourced::approx(
        243.0,
        "K",
        "R. J. Greet & D. Turnbull, J. Chem. Phys. 46, 1243 (1967) (T_g near −30 °C)",
    ),
    kauzmann: Kauzmann::Published(Sourced::approx(204.0, "K", CHANG_BESTUL)),
    delta_cp: HeatCapacityJump::Published(Sourced::approx(113.0, "J/(mol K)", CHANG_BESTUL)),
    density: Sourced::approx(
        1120.0,
        "kg/m³",
        "estimate: supercooled liquid extrapolated to T_g, not read from a table",
    ),
    molar_mass: Sourced::new(230.31e-3, "kg/mol", IUPAC),
    beads: Sourced::new(3.0, "per molecule", "convention: one bead per phenyl ring"),
    v_l: Sourced::approx(
        3000.0,
        "m/s",
        "estimate at the level of GHz Brillouin data for glassy o-terphenyl near T_g, not read from a table",
    ),
    v_t: Sourced::approx(
        1500.0,
        "m/s",
        "estimate: v_t/v_l ≈ 0.5 as in glassy glycerol (Fioretto et al. 2004)",
    ),
    debye_temperature: None,
    tau0: TAU0,
    fragility: Sourced::approx(81.0, "1", BOHMER),
};

/// Every glass former shipped as a preset.
pub const ALL: [GlassFormer; 3] = [VITREOUS_SILICA, GLYCEROL, ORTHO_TERPHENYL];

impl GlassFormer {
    /// Bead number density ρ_b = n_b ρ N_A / M, m⁻³.
    pub fn bead_density(&self) -> f64 {
        self.beads.value * self.density.value * N_A / self.molar_mass.value
    }

    /// Bead size a = ρ_b^{−1/3}, m.
    pub fn bead_size(&self) -> f64 {
        self.bead_density().cbrt().recip()
    }

    /// Δc_p at T_g per mole of formula units, J/(mol K).
    pub fn delta_cp_molar(&self) -> f64 {
        match self.delta_cp {
            HeatCapacityJump::Published(s) => s.value,
            HeatCapacityJump::LiquidAboveDulongPetit { liquid, atoms } => {
                liquid.value - 3.0 * atoms as f64 * R_GAS
            }
        }
    }

    /// Δc_p at T_g per bead, in k_B.
    pub fn delta_cp_per_bead(&self) -> f64 {
        self.delta_cp_molar() / (R_GAS * self.beads.value)
    }

    /// T_K in K.
    pub fn kauzmann_temperature(&self) -> f64 {
        match self.kauzmann {
            Kauzmann::Published(s) => s.value,
            Kauzmann::FromEntropyAtTg(s_c) => {
                self.t_g.value / (1.0 + s_c.value / self.delta_cp_molar())
            }
        }
    }

    /// Bulk modulus K = ρ(v_l² − 4v_t²/3), Pa.
    pub fn bulk_modulus(&self) -> f64 {
        let (v_l, v_t) = (self.v_l.value, self.v_t.value);
        self.density.value * (v_l * v_l - 4.0 / 3.0 * v_t * v_t)
    }

    /// Shear modulus μ = ρ v_t², Pa.
    pub fn shear_modulus(&self) -> f64 {
        self.density.value * self.v_t.value.powi(2)
    }

    /// Debye temperature of the bead lattice from the sound velocities, K.
    pub fn debye_temperature_from_sound(&self) -> f64 {
        let v_d = (3.0 / (self.v_l.value.powi(-3) + 2.0 * self.v_t.value.powi(-3))).cbrt();
        HBAR / K_B * v_d * (6.0 * PI * PI * self.bead_density()).cbrt()
    }

    /// Θ_D as published, else from the sound velocities, K.
    pub fn debye_temperature(&self) -> f64 {
        self.debye_temperature
            .map_or_else(|| self.debye_temperature_from_sound(), |s| s.value)
    }

    /// The mosaic inputs (constant modulus, γ from K), validated.
    pub fn mosaic(&self) -> Result<Mosaic> {
        let m = Mosaic {
            t_g: self.t_g.value,
            t_k: self.kauzmann_temperature(),
            delta_cp: self.delta_cp_per_bead(),
            modulus: Modulus::Constant(self.bulk_modulus()),
            bead_size: self.bead_size(),
            tau0: self.tau0.value,
            gamma: None,
            shear_modulus: Some(self.shear_modulus()),
            debye_temperature: self.debye_temperature(),
        };
        m.validate()?;
        Ok(m)
    }

    /// Every published input with its source, one line each.
    pub fn sources(&self) -> Vec<String> {
        let mut v = vec![format!("T_g = {}", self.t_g)];
        v.push(match self.kauzmann {
            Kauzmann::Published(s) => format!("T_K = {s}"),
            Kauzmann::FromEntropyAtTg(s) => format!(
                "T_K = {:.0} K from eq. 36 with S_c(T_g) = {s}",
                self.kauzmann_temperature()
            ),
        });
        v.push(match self.delta_cp {
            HeatCapacityJump::Published(s) => format!("Δc_p = {s}"),
            HeatCapacityJump::LiquidAboveDulongPetit { liquid, atoms } => format!(
                "Δc_p = {:.2} J/(mol K) = C_p,liquid − {}R with C_p,liquid = {liquid}",
                self.delta_cp_molar(),
                3 * atoms
            ),
        });
        v.push(format!("ρ = {}", self.density));
        v.push(format!("M = {}", self.molar_mass));
        v.push(format!("beads = {}", self.beads));
        v.push(format!("v_l = {}", self.v_l));
        v.push(format!("v_t = {}", self.v_t));
        v.push(match self.debye_temperature {
            Some(s) => format!("Θ_D = {s}"),
            None => format!(
                "Θ_D = {:.0} K (derived: Debye value of the bead lattice from v_l, v_t)",
                self.debye_temperature_from_sound()
            ),
        });
        v.push(format!("τ0 = {}", self.tau0));
        v
    }

    /// The preset of the `rfot` and `yu-leggett` models (parameter values in
    /// their declared units), citing every input.
    pub fn preset(&self) -> Preset {
        let citation = format!(
            "{}: {}; derived: a = (M/(n_b ρ N_A))^{{1/3}} = {:.2} Å, Δc_p per bead = {:.3} k_B, \
             K = ρ(v_l² − 4v_t²/3) = {:.1} GPa, μ = ρv_t² = {:.1} GPa. Measured fragility for \
             comparison: m = {}",
            self.name,
            self.sources().join("; "),
            self.bead_size() * 1e10,
            self.delta_cp_per_bead(),
            self.bulk_modulus() * 1e-9,
            self.shear_modulus() * 1e-9,
            self.fragility,
        );
        Preset::new(
            self.id,
            &citation,
            &[
                ("t_g", self.t_g.value),
                ("t_k", self.kauzmann_temperature()),
                ("delta_cp", self.delta_cp_per_bead()),
                ("bulk_modulus", self.bulk_modulus()),
                ("bead_size", self.bead_size()),
                ("tau0", self.tau0.value),
                ("debye_temperature", self.debye_temperature()),
                ("shear_modulus", self.shear_modulus()),
            ],
        )
    }
}

/// The presets of every shipped glass former.
pub fn presets() -> Vec<Preset> {
    ALL.iter().map(GlassFormer::preset).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit conversions, written out independently from the raw numbers.
    #[test]
    fn conversions_from_published_units() {
        let g = GLYCEROL;
        // 1261 kg/m³ / 0.092094 kg/mol × N_A × 3 beads
        let rho_b = 3.0 * 1261.0 / 0.092094 * 6.022_140_76e23;
        assert!((g.bead_density() / rho_b - 1.0).abs() < 1e-14);
        assert!((g.bead_size() - rho_b.powf(-1.0 / 3.0)).abs() < 1e-24);
        // 80 J/(mol K) / (3 × 8.314462618 J/(mol K))
        assert!((g.delta_cp_per_bead() - 80.0 / (3.0 * 8.314_462_618_153_24)).abs() < 1e-9);
        assert!(
            (g.bulk_modulus() - 1261.0 * (3600f64.powi(2) - 4.0 / 3.0 * 1800f64.powi(2))).abs()
                < 1.0
        );
        assert_eq!(g.kauzmann_temperature(), 135.0);
    }

    /// Silica's T_K comes from eq. 36 and Richet's S_c(T_g): the mosaic's
    /// s_c(T_g) must then equal S_c(T_g)/R per SiO₂.
    #[test]
    fn silica_kauzmann_from_configurational_entropy() {
        let s = VITREOUS_SILICA;
        let dcp = 81.37 - 9.0 * 8.314_462_618_153_24;
        assert!((s.delta_cp_molar() - dcp).abs() < 1e-9);
        let t_k = 1450.0 / (1.0 + 5.1 / dcp);
        assert!((s.kauzmann_temperature() - t_k).abs() < 1e-9);
        let m = s.mosaic().unwrap();
        let sc = m.configurational_entropy(m.t_g).unwrap();
        assert!((sc - 5.1 / 8.314_462_618_153_24).abs() < 1e-9, "{sc}");
    }

    /// The published silica Θ_D is the Debye temperature of the SiO₂ lattice
    /// with the published sound velocities (an independent check of the
    /// bead convention): within 1 %.
    #[test]
    fn silica_debye_temperature_from_sound_matches_the_published_value() {
        let s = VITREOUS_SILICA;
        let from_sound = s.debye_temperature_from_sound();
        assert!((from_sound / 342.0 - 1.0).abs() < 0.01, "{from_sound}");
    }

    /// Changing the bead convention moves N*, ξ/a and (d_L/a)² but not the
    /// physical predictions: F‡, τ, ξ and P̄ = (ρ_b s_c)²/K.
    #[test]
    fn physical_predictions_do_not_depend_on_the_bead_convention() {
        for g in ALL {
            let doubled = GlassFormer {
                beads: Sourced::new(2.0 * g.beads.value, "", "test"),
                ..g
            };
            let (m1, m2) = (g.mosaic().unwrap(), doubled.mosaic().unwrap());
            let t = m1.t_g;
            let rel = |a: f64, b: f64| (a / b - 1.0).abs();
            assert!(rel(m1.barrier(t).unwrap(), m2.barrier(t).unwrap()) < 1e-12);
            let (xi1, xi2) = (
                m1.cooperativity_length(t).unwrap(),
                m2.cooperativity_length(t).unwrap(),
            );
            assert!(rel(xi1, xi2) < 1e-12, "{}", g.id);
            let n1 = m1.cooperativity_size(t).unwrap();
            assert!(rel(m2.cooperativity_size(t).unwrap(), 2.0 * n1) < 1e-12);
            // P̄ = 1/(k_B T_g ξ³) = (ρ_b s_c)²/K
            let p = 1.0 / (K_B * t * xi1.powi(3));
            let sc = m1.configurational_entropy(t).unwrap();
            assert!(rel(p, (m1.rho() * sc).powi(2) / m1.bulk_modulus(t)) < 1e-12);
        }
    }

    #[test]
    fn every_input_names_a_source() {
        for g in ALL {
            let lines = g.sources();
            assert_eq!(lines.len(), 10);
            for l in &lines {
                assert!(l.contains('(') && l.len() > 20, "{}: {l}", g.id);
            }
            let p = g.preset();
            assert_eq!(p.values.len(), 8);
            assert!(p.citation.contains("m = "));
        }
    }
}
