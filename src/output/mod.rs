//! What leaves paiban: the print PDFs, the proof PNGs and the preflight of both, all read
//! off the display list.

pub mod pdf;
pub mod preflight;
pub mod proof;
