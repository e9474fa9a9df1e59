//! Mosaic (RFOT) theory of the glass transition, Yu–Leggett bounds and VFT/Adam–Gibbs/two-state laws (not yet implemented; see issue 5).
