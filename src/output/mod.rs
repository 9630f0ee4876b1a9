//! What leaves paiban: the print PDFs, the proof PNGs and the preflight of both, all read
//! off the display list, and their delivery into the output folder.

pub mod deliver;
pub mod pdf;
pub mod preflight;
pub mod proof;
