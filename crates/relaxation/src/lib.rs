//! Local-relaxation-event kinetics (SER, CER, crossover), KWW fits and relaxation spectra (not yet implemented; see issue 4).
