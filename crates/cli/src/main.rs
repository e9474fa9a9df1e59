//! `vitreous` — compute, tabulate and plot glass-physics models.
//!
//! ```text
//! vitreous list [--json]
//! vitreous eval MODEL OBSERVABLE [--preset NAME] [--set NAME=VALUE]... [--grid VAR=SPEC]...
//!               [--format table|csv|json] [--out FILE] [--plot FILE]
//! vitreous fit MODEL OBSERVABLE --data FILE[:NAME=VALUE,…]... --vary NAME[=START][:MIN:MAX]...
//! vitreous compare --data FILE | --sciglass PATH --out FILE [--models vft,myega,…]
//! vitreous demo [--out DIR]
//! ```

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

// Static plugin: linking the crate registers its distribution (inventory).
use vitreous_plugin_gaussian_asymmetry as _;

mod compare;
mod demo;
mod demo_compare;
mod eval;
mod fit;
mod list;
mod output;
mod plot;

/// Physics of glasses: tunneling systems, mosaic (RFOT) theory and local
/// relaxation events — published models with units and citations.
#[derive(Parser)]
#[command(name = "vitreous", version, about, long_about = None, arg_required_else_help = true)]
struct Cli {
    /// Load a dynamic plugin library (repeatable); `VITREOUS_PLUGIN_PATH`
    /// (paths separated by `:`) is read too.
    #[arg(long = "plugin", value_name = "PATH", global = true)]
    plugins: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Output format of `eval`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns with units in the header.
    Table,
    /// Comma-separated values, header `name [unit]`.
    Csv,
    /// One JSON object: model, observable, citation, parameters, columns, rows.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// List every registered model: id, citation, parameters (unit, default,
    /// bounds), conditions, observables (with units) and presets.
    List {
        /// Print machine-readable JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate one observable of one model on a grid of conditions or
    /// parameters.
    ///
    /// Values may carry a unit suffix (`--set bead_size=3Å`,
    /// `--grid T=10mK:1K:40:log`); a bare number is in the unit `vitreous list`
    /// declares. Energies may be given in K, J or eV; frequencies in Hz
    /// convert to rad/s with the factor 2π.
    #[command(
        after_help = "Examples:\n  vitreous eval stm heat-capacity --preset vitreous-silica --grid T=0.01:1:50:log --format json\n  vitreous eval stm dielectric-shift --preset vitreous-silica --grid T=5mK:2K:60:log --set omega=1kHz --plot eps.svg"
    )]
    Eval(eval::EvalArgs),
    /// Fit an observable of a model to data files: single or global fits,
    /// bounded parameters, standard errors, χ², AIC, BIC.
    Fit(fit::FitArgs),
    /// Fit several viscosity laws to the same data and rank them (AIC, BIC,
    /// T_g, fragility, extrapolation error); or every glass of a SciGlass
    /// table in parallel.
    Compare(compare::CompareArgs),
    /// Compute the headline results of every model family, write CSV and
    /// plots, and print a summary of the key numbers.
    Demo {
        /// Output directory.
        #[arg(long, default_value = "vitreous-demo")]
        out: PathBuf,
    },
}

fn run() -> anyhow::Result<()> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match e.kind() {
            // help and version go to standard output through the same
            // writer as every other report (a closed pipe is a normal end,
            // a full disk an error)
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                return output::print_stdout(&e.render().to_string());
            }
            _ => e.exit(),
        },
    };
    let mut registry = vitreous::registry()?;
    registry.load_plugins(&cli.plugins)?;
    match cli.command {
        Command::List { json } => list::run(&registry, json),
        Command::Eval(args) => eval::run(&registry, &args),
        Command::Fit(args) => fit::run(&registry, &args),
        Command::Compare(args) => compare::run(&registry, &args),
        Command::Demo { out } => demo::run(&registry, &out),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
