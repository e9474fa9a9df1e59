//! Published ETM parameter sets (Jug 2022 review, Tables 1–7). Each preset
//! names its table row; temperatures at which a fit was made are fixed as
//! the condition `T`.
//!
//! The echo presets (Table 7) also carry an amplitude `a_echo`. The table
//! does not give the overall echo amplitude (it absorbs A0, x_ATS, P*, F0
//! and the 2LS background), so this value is a stated normalisation, not a
//! fit: it makes the deepest point of A(B)/A(B_high) = 1 + a_echo ΔA(B) on
//! 0 ≤ B ≤ 2 T (exact orientation average, T = 12 mK, the row's frequency
//! and times) equal to 1/2, which keeps the relative amplitude physical
//! (> 0). Fit `a_echo` to the measured curve.

use vitreous_core::Preset;

/// The published ETM parameter sets, by table row (their names are the
/// preset names `vitreous list etm` shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EtmPreset {
    /// `bas-0.60K`: heat-capacity fit (Tables 1–4)
    Bas600mK,
    /// `bas-0.90K`: heat-capacity fit (Tables 1–4)
    Bas900mK,
    /// `bas-1.36K`: heat-capacity fit (Tables 1–4)
    Bas1360mK,
    /// `duran-low`: heat-capacity fit (Tables 1–4)
    DuranLow,
    /// `duran-1.23K`: heat-capacity fit (Tables 1–4)
    Duran1230mK,
    /// `duran-1.36K`: heat-capacity fit (Tables 1–4)
    Duran1360mK,
    /// `bk7-15mK`: dielectric-constant fit (Tables 5–6)
    Bk7At15mK,
    /// `duran-15mK`: dielectric-constant fit (Tables 5–6)
    Duran15mK,
    /// `bas-50mK`: dielectric-constant fit (Tables 5–6)
    Bas50mK,
    /// `bas-94mK`: dielectric-constant fit (Tables 5–6)
    Bas94mK,
    /// `bas-120mK`: dielectric-constant fit (Tables 5–6)
    Bas120mK,
    /// `sio2cyhz-50mK`: dielectric-constant fit (Tables 5–6)
    Sio2CyHz50mK,
    /// `sio2cyhz-70mK`: dielectric-constant fit (Tables 5–6)
    Sio2CyHz70mK,
    /// `sio2cyhz-100mK`: dielectric-constant fit (Tables 5–6)
    Sio2CyHz100mK,
    /// `echo-bas-1`: polarization-echo fit (Table 7)
    EchoBas1,
    /// `echo-bas-2`: polarization-echo fit (Table 7)
    EchoBas2,
    /// `echo-bk7-1.5us`: polarization-echo fit (Table 7)
    EchoBk7At1500ns,
    /// `echo-bk7-6us`: polarization-echo fit (Table 7)
    EchoBk7At6us,
}

impl EtmPreset {
    /// Every preset, in the order of the tables.
    pub const ALL: [EtmPreset; 18] = [
        EtmPreset::Bas600mK,
        EtmPreset::Bas900mK,
        EtmPreset::Bas1360mK,
        EtmPreset::DuranLow,
        EtmPreset::Duran1230mK,
        EtmPreset::Duran1360mK,
        EtmPreset::Bk7At15mK,
        EtmPreset::Duran15mK,
        EtmPreset::Bas50mK,
        EtmPreset::Bas94mK,
        EtmPreset::Bas120mK,
        EtmPreset::Sio2CyHz50mK,
        EtmPreset::Sio2CyHz70mK,
        EtmPreset::Sio2CyHz100mK,
        EtmPreset::EchoBas1,
        EtmPreset::EchoBas2,
        EtmPreset::EchoBk7At1500ns,
        EtmPreset::EchoBk7At6us,
    ];

    /// The preset's name.
    pub fn name(self) -> &'static str {
        match self {
            EtmPreset::Bas600mK => "bas-0.60K",
            EtmPreset::Bas900mK => "bas-0.90K",
            EtmPreset::Bas1360mK => "bas-1.36K",
            EtmPreset::DuranLow => "duran-low",
            EtmPreset::Duran1230mK => "duran-1.23K",
            EtmPreset::Duran1360mK => "duran-1.36K",
            EtmPreset::Bk7At15mK => "bk7-15mK",
            EtmPreset::Duran15mK => "duran-15mK",
            EtmPreset::Bas50mK => "bas-50mK",
            EtmPreset::Bas94mK => "bas-94mK",
            EtmPreset::Bas120mK => "bas-120mK",
            EtmPreset::Sio2CyHz50mK => "sio2cyhz-50mK",
            EtmPreset::Sio2CyHz70mK => "sio2cyhz-70mK",
            EtmPreset::Sio2CyHz100mK => "sio2cyhz-100mK",
            EtmPreset::EchoBas1 => "echo-bas-1",
            EtmPreset::EchoBas2 => "echo-bas-2",
            EtmPreset::EchoBk7At1500ns => "echo-bk7-1.5us",
            EtmPreset::EchoBk7At6us => "echo-bk7-6us",
        }
    }
}

const HC: &str = "G. Jug, Polycluster theory review (2022), heat-capacity fits, Tables 1–4";
const DIEL: &str = "G. Jug, Polycluster theory review (2022), dielectric-constant fits, Tables 5–6";

fn heat(
    name: EtmPreset,
    glass: &str,
    t: Option<f64>,
    d_min: f64,
    d0_min: f64,
    d0_max: f64,
) -> Preset {
    let (rho, fe2, fe3, pn) = match glass {
        "BAS" => (3.1, 1.06e17, 5.00e16, 5.19e16),
        _ => (2.3, 3.21e17, 2.11e17, 8.88e16),
    };
    let row = t
        .map(|t| format!("{t:.2} K"))
        .unwrap_or_else(|| "lowest T (not given)".into());
    let p = Preset::new(
        name.name(),
        &format!(
            "{HC}: {glass} at {row} — ρ = {rho} g/cm³, n(Fe²⁺) = {fe2:e} g⁻¹, n(Fe³⁺) = {fe3:e} g⁻¹, P*n_ATS = {pn:e} g⁻¹, D_min = {d_min} K, D0(q/e)S ∈ [{d0_min:e}, {d0_max:e}] K·Å²"
        ),
        &[
            ("density", rho),
            ("n_fe2", fe2),
            ("n_fe3", fe3),
            ("p_star_n_ats", pn),
            ("d_min", d_min),
            ("d0_min_qs", d0_min),
            ("d0_max_qs", d0_max),
        ],
    );
    match t {
        Some(t) => p.with_conditions(&[("T", t)]),
        None => p,
    }
}

fn diel(
    name: EtmPreset,
    glass: &str,
    t: f64,
    a3: f64,
    d_min: f64,
    d0_min: f64,
    d0_max: f64,
) -> Preset {
    let mut values = vec![
        ("a3", a3),
        ("d_min", d_min),
        ("d0_min_qs", d0_min),
        ("d0_max_qs", d0_max),
    ];
    match glass {
        "BAS" => values.extend([("density", 3.1), ("p_star_n_ats", 5.19e16)]),
        "Duran" => values.extend([("density", 2.3), ("p_star_n_ats", 8.88e16)]),
        "BK7" => values.extend([("density", 2.5), ("p_star_n_ats", 1e16)]),
        _ => {}
    }
    Preset::new(
        name.name(),
        &format!("{DIEL}: {glass} at {} mK — A3 = {a3:e} K, D_min = {d_min} K, D0(q/e)S ∈ [{d0_min:e}, {d0_max:e}] K·Å²", t * 1e3),
        &values,
    )
    .with_conditions(&[("T", t)])
}

const ECHO: &str = "G. Jug, Polycluster theory review (2022), polarization-echo fits, Table 7";

#[allow(clippy::too_many_arguments)]
fn echo(
    name: EtmPreset,
    glass: &str,
    f_ghz: f64,
    tau12: f64,
    d_min_mk: f64,
    d0_min: f64,
    d0_max: f64,
    gamma: f64,
    c_ats: f64,
    p1f0: f64,
    tan_d: f64,
    a_echo: f64,
) -> Preset {
    Preset::new(
        name.name(),
        &format!(
            "{ECHO}: {glass} — {f_ghz} GHz, τ2 = 2τ1 = 0.2 µs, τ12 = {tau12} µs, T = 12 mK; D_min = {d_min_mk} mK, D0(q/e)S ∈ [{d0_min:e}, {d0_max:e}] K·Å², Γ column {gamma:e} (read as Γ in µs·K⁵ by default, see gamma_reading), c_ATS = {c_ats} (µs·K)⁻¹, p1F0 = {p1f0} D·kV/m, tan ωΔτ = {tan_d}; a_echo = {a_echo} µs is a normalisation, not from the paper (deepest A(B)/A(B_high) on 0–2 T set to 1/2; fit it to data)"
        ),
        &[
            ("d_min", d_min_mk * 1e-3),
            ("d0_min_qs", d0_min),
            ("d0_max_qs", d0_max),
            ("gamma_ats", gamma),
            ("c_ats", c_ats),
            ("p1f0", p1f0),
            ("tan_omega_dtau", tan_d),
            ("a_echo", a_echo),
            ("tau1", 0.1),
            ("tau2", 0.2),
            ("tau12", tau12),
        ],
    )
    .with_conditions(&[("T", 0.012), ("omega", 2.0 * std::f64::consts::PI * f_ghz * 1e9)])
}

/// Every ETM preset, one per [`EtmPreset`] in the same order.
pub fn presets() -> Vec<Preset> {
    vec![
        heat(EtmPreset::Bas600mK, "BAS", Some(0.60), 0.49, 4.77e4, 3.09e5),
        heat(EtmPreset::Bas900mK, "BAS", Some(0.90), 0.53, 5.07e4, 2.90e5),
        heat(
            EtmPreset::Bas1360mK,
            "BAS",
            Some(1.36),
            0.55,
            5.95e4,
            2.61e5,
        ),
        heat(EtmPreset::DuranLow, "Duran", None, 0.34, 4.99e4, 2.68e5),
        heat(
            EtmPreset::Duran1230mK,
            "Duran",
            Some(1.23),
            0.32,
            5.30e4,
            2.50e5,
        ),
        heat(
            EtmPreset::Duran1360mK,
            "Duran",
            Some(1.36),
            0.32,
            5.54e4,
            2.46e5,
        ),
        diel(
            EtmPreset::Bk7At15mK,
            "BK7",
            0.015,
            0.089e-5,
            0.03,
            1.668e5,
            4.576e5,
        ),
        diel(
            EtmPreset::Duran15mK,
            "Duran",
            0.015,
            0.052e-5,
            0.021,
            2.457e5,
            4.151e5,
        ),
        diel(
            EtmPreset::Bas50mK,
            "BAS",
            0.050,
            0.89e-5,
            0.015,
            2.440e5,
            3.080e5,
        ),
        diel(
            EtmPreset::Bas94mK,
            "BAS",
            0.094,
            3.75e-5,
            0.025,
            1.225e5,
            1.589e5,
        ),
        diel(
            EtmPreset::Bas120mK,
            "BAS",
            0.120,
            3.09e-5,
            0.0227,
            1.767e5,
            2.248e5,
        ),
        diel(
            EtmPreset::Sio2CyHz50mK,
            "SiO2+xCyHz",
            0.050,
            4.38e-5,
            0.015,
            0.076e3,
            3.047e4,
        ),
        diel(
            EtmPreset::Sio2CyHz70mK,
            "SiO2+xCyHz",
            0.070,
            12.22e-5,
            0.0486,
            0.600e3,
            2.662e4,
        ),
        diel(
            EtmPreset::Sio2CyHz100mK,
            "SiO2+xCyHz",
            0.100,
            13.63e-5,
            0.0486,
            3.035e3,
            7.616e4,
        ),
        echo(
            EtmPreset::EchoBas1,
            "BAS sample 1",
            1.0,
            2.0,
            17.74,
            0.95e3,
            2.13e4,
            9.22e6,
            5.008,
            0.461,
            0.247,
            500.0,
        ),
        echo(
            EtmPreset::EchoBas2,
            "BAS sample 2",
            1.0,
            2.0,
            27.20,
            1.14e3,
            8.96e3,
            2.57e5,
            3.825,
            0.450,
            0.245,
            820.0,
        ),
        echo(
            EtmPreset::EchoBk7At1500ns,
            "BK7, τ12 = 1.5 µs",
            0.9,
            1.5,
            16.76,
            0.92e3,
            1.34e4,
            8.91e6,
            1.03,
            0.60,
            0.207,
            200.0,
        ),
        echo(
            EtmPreset::EchoBk7At6us,
            "BK7, τ12 = 6 µs",
            0.9,
            6.0,
            15.94,
            0.89e3,
            3.31e4,
            3.25e6,
            5.72,
            0.98,
            0.204,
            80.0,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The enum and the list are one: every variant names a preset, in
    /// order, and the typed parameters of each are those of the flat set.
    #[test]
    fn every_preset_has_its_variant() {
        let names: Vec<String> = presets().into_iter().map(|p| p.name).collect();
        let variants: Vec<&str> = EtmPreset::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(names, variants);
        let echo = crate::etm::EtmParams::preset(EtmPreset::EchoBk7At6us).unwrap();
        assert_eq!((echo.tau12, echo.a_echo, echo.c_ats), (6.0, 80.0, 5.72));
        let bas = crate::etm::EtmParams::preset(EtmPreset::Bas600mK).unwrap();
        assert_eq!((bas.density, bas.d_min, bas.n_fe2), (3.1, 0.49, 1.06e17));
    }
}
