//! The Sun's apparent longitude (VSOP87 as in Meeus, Appendix III), and the moments it
//! reaches a given longitude: the solar terms the lunar calendar is built on.

use std::f64::consts::PI;

use super::day_number;

/// A VSOP87 term A·cos(B + C·τ); A in 1e-8 rad (or AU), B in rad, C in rad per
/// Julian millennium.
type Term = (f64, f64, f64);

const EARTH_L0: [Term; 64] = [
    (175347046.0, 0.0, 0.0),
    (3341656.0, 4.6692568, 6283.0758500),
    (34894.0, 4.62610, 12566.15170),
    (3497.0, 2.7441, 5753.3849),
    (3418.0, 2.8289, 3.5231),
    (3136.0, 3.6277, 77713.7715),
    (2676.0, 4.4181, 7860.4194),
    (2343.0, 6.1352, 3930.2097),
    (1324.0, 0.7425, 11506.7698),
    (1273.0, 2.0371, 529.6910),
    (1199.0, 1.1096, 1577.3435),
    (990.0, 5.233, 5884.927),
    (902.0, 2.045, 26.298),
    (857.0, 3.508, 398.149),
    (780.0, 1.179, 5223.694),
    (753.0, 2.533, 5507.553),
    (505.0, 4.583, 18849.228),
    (492.0, 4.205, 775.523),
    (357.0, 2.920, 0.067),
    (317.0, 5.849, 11790.629),
    (284.0, 1.899, 796.298),
    (271.0, 0.315, 10977.079),
    (243.0, 0.345, 5486.778),
    (206.0, 4.806, 2544.314),
    (205.0, 1.869, 5573.143),
    (202.0, 2.458, 6069.777),
    (156.0, 0.833, 213.299),
    (132.0, 3.411, 2942.463),
    (126.0, 1.083, 20.775),
    (115.0, 0.645, 0.980),
    (103.0, 0.636, 4694.003),
    (102.0, 0.976, 15720.839),
    (102.0, 4.267, 7.114),
    (99.0, 6.21, 2146.17),
    (98.0, 0.68, 155.42),
    (86.0, 5.98, 161000.69),
    (85.0, 1.30, 6275.96),
    (85.0, 3.67, 71430.70),
    (80.0, 1.81, 17260.15),
    (79.0, 3.04, 12036.46),
    (75.0, 1.76, 5088.63),
    (74.0, 3.50, 3154.69),
    (74.0, 4.68, 801.82),
    (70.0, 0.83, 9437.76),
    (62.0, 3.98, 8827.39),
    (61.0, 1.82, 7084.90),
    (57.0, 2.78, 6286.60),
    (56.0, 4.39, 14143.50),
    (56.0, 3.47, 6279.55),
    (52.0, 0.19, 12139.55),
    (52.0, 1.33, 1748.02),
    (51.0, 0.28, 5856.48),
    (49.0, 0.49, 1194.45),
    (41.0, 5.37, 8429.24),
    (41.0, 2.40, 19651.05),
    (39.0, 6.17, 10447.39),
    (37.0, 6.04, 10213.29),
    (37.0, 2.57, 1059.38),
    (36.0, 1.71, 2352.87),
    (36.0, 1.78, 6812.77),
    (33.0, 0.59, 17789.85),
    (30.0, 0.44, 83996.85),
    (30.0, 2.74, 1349.87),
    (25.0, 3.16, 4690.48),
];

const EARTH_L1: [Term; 34] = [
    (628331966747.0, 0.0, 0.0),
    (206059.0, 2.678235, 6283.075850),
    (4303.0, 2.6351, 12566.1517),
    (425.0, 1.590, 3.523),
    (119.0, 5.796, 26.298),
    (109.0, 2.966, 1577.344),
    (93.0, 2.59, 18849.23),
    (72.0, 1.14, 529.69),
    (68.0, 1.87, 398.15),
    (67.0, 4.41, 5507.55),
    (59.0, 2.89, 5223.69),
    (56.0, 2.17, 155.42),
    (45.0, 0.40, 796.30),
    (36.0, 0.47, 775.52),
    (29.0, 2.65, 7.11),
    (21.0, 5.34, 0.98),
    (19.0, 1.85, 5486.78),
    (19.0, 4.97, 213.30),
    (17.0, 2.99, 6275.96),
    (16.0, 0.03, 2544.31),
    (16.0, 1.43, 2146.17),
    (15.0, 1.21, 10977.08),
    (12.0, 2.83, 1748.02),
    (12.0, 3.26, 5088.63),
    (12.0, 5.27, 1194.45),
    (12.0, 2.08, 4694.00),
    (11.0, 0.77, 553.57),
    (10.0, 1.30, 6286.60),
    (10.0, 4.24, 1349.87),
    (9.0, 2.70, 242.73),
    (9.0, 5.64, 951.72),
    (8.0, 5.30, 2352.87),
    (6.0, 2.65, 9437.76),
    (6.0, 4.67, 4690.48),
];

const EARTH_L2: [Term; 20] = [
    (52919.0, 0.0, 0.0),
    (8720.0, 1.0721, 6283.0758),
    (309.0, 0.867, 12566.152),
    (27.0, 0.05, 3.52),
    (16.0, 5.19, 26.30),
    (16.0, 3.68, 155.42),
    (10.0, 0.76, 18849.23),
    (9.0, 2.06, 77713.77),
    (7.0, 0.83, 775.52),
    (5.0, 4.66, 1577.34),
    (4.0, 1.03, 7.11),
    (4.0, 3.44, 5573.14),
    (3.0, 5.14, 796.30),
    (3.0, 6.05, 5507.55),
    (3.0, 1.19, 242.73),
    (3.0, 6.12, 529.69),
    (3.0, 0.31, 398.15),
    (3.0, 2.28, 553.57),
    (2.0, 4.38, 5223.69),
    (2.0, 3.75, 0.98),
];

const EARTH_L3: [Term; 7] = [
    (289.0, 5.844, 6283.076),
    (35.0, 0.0, 0.0),
    (17.0, 5.49, 12566.15),
    (3.0, 5.20, 155.42),
    (1.0, 4.72, 3.52),
    (1.0, 5.30, 18849.23),
    (1.0, 5.97, 242.73),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_L4: [Term; 3] = [
    (114.0, 3.142, 0.0),
    (8.0, 4.13, 6283.08),
    (1.0, 3.84, 12566.15),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_L5: [Term; 1] = [(1.0, 3.14, 0.0)];

const EARTH_R0: [Term; 40] = [
    (100013989.0, 0.0, 0.0),
    (1670700.0, 3.0984635, 6283.0758500),
    (13956.0, 3.05525, 12566.15170),
    (3084.0, 5.1985, 77713.7715),
    (1628.0, 1.1739, 5753.3849),
    (1576.0, 2.8469, 7860.4194),
    (925.0, 5.453, 11506.770),
    (542.0, 4.564, 3930.210),
    (472.0, 3.661, 5884.927),
    (346.0, 0.964, 5507.553),
    (329.0, 5.900, 5223.694),
    (307.0, 0.299, 5573.143),
    (243.0, 4.273, 11790.629),
    (212.0, 5.847, 1577.344),
    (186.0, 5.022, 10977.079),
    (175.0, 3.012, 18849.228),
    (110.0, 5.055, 5486.778),
    (98.0, 0.89, 6069.78),
    (86.0, 5.69, 15720.84),
    (86.0, 1.27, 161000.69),
    (65.0, 0.27, 17260.15),
    (63.0, 0.92, 529.69),
    (57.0, 2.01, 83996.85),
    (56.0, 5.24, 71430.70),
    (49.0, 3.25, 2544.31),
    (47.0, 2.58, 775.52),
    (45.0, 5.54, 9437.76),
    (43.0, 6.01, 6275.96),
    (39.0, 5.36, 4694.00),
    (38.0, 2.39, 8827.39),
    (37.0, 0.83, 19651.05),
    (37.0, 4.90, 12139.55),
    (36.0, 1.67, 12036.46),
    (35.0, 1.84, 2942.46),
    (33.0, 0.24, 7084.90),
    (32.0, 0.18, 5088.63),
    (32.0, 1.78, 398.15),
    (28.0, 1.21, 6286.60),
    (28.0, 1.90, 6279.55),
    (26.0, 4.59, 10447.39),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_R1: [Term; 10] = [
    (103019.0, 1.107490, 6283.075850),
    (1721.0, 1.0644, 12566.1517),
    (702.0, 3.142, 0.0),
    (32.0, 1.02, 18849.23),
    (31.0, 2.84, 5507.55),
    (25.0, 1.32, 5223.69),
    (18.0, 1.42, 1577.34),
    (10.0, 5.91, 10977.08),
    (9.0, 1.42, 6275.96),
    (9.0, 0.27, 5486.78),
];

#[allow(clippy::approx_constant)] // the published phase 3.14(2) is π rounded
const EARTH_R2: [Term; 6] = [
    (4359.0, 5.7846, 6283.0758),
    (124.0, 5.579, 12566.152),
    (12.0, 3.14, 0.0),
    (9.0, 3.63, 77713.77),
    (6.0, 1.87, 5573.14),
    (3.0, 5.47, 18849.23),
];

const EARTH_R3: [Term; 2] = [(145.0, 4.273, 6283.076), (7.0, 3.92, 12566.15)];

const EARTH_R4: [Term; 1] = [(4.0, 2.56, 6283.08)];

/// Σₙ τⁿ·Σ A·cos(B + C·τ) over the series of successive powers of τ, in units
/// of the coefficients (1e-8).
fn vsop(series: &[&[Term]], tau: f64) -> f64 {
    series.iter().rev().fold(0.0, |acc, terms| {
        acc * tau
            + terms
                .iter()
                .map(|&(a, b, c)| a * (b + c * tau).cos())
                .sum::<f64>()
    })
}

/// The Earth's heliocentric ecliptic longitude (rad, of date) and distance
/// (AU) at `jde`.
pub(super) fn earth_position(jde: f64) -> (f64, f64) {
    let tau = (jde - 2451545.0) / 365250.0;
    let l = vsop(
        &[
            &EARTH_L0, &EARTH_L1, &EARTH_L2, &EARTH_L3, &EARTH_L4, &EARTH_L5,
        ],
        tau,
    ) * 1e-8;
    let r = vsop(
        &[&EARTH_R0, &EARTH_R1, &EARTH_R2, &EARTH_R3, &EARTH_R4],
        tau,
    ) * 1e-8;
    (l, r)
}

/// The Sun's apparent geocentric longitude in degrees, 0..360, at `jde`.
pub(super) fn sun_apparent_longitude(jde: f64) -> f64 {
    let t = (jde - 2451545.0) / 36525.0;
    let (l, r) = earth_position(jde);
    // Geocentric, VSOP87 dynamical ecliptic → FK5 (Meeus 32.3; the latitude
    // term is below 1e-4″ for the Sun and left out).
    let geometric = l.to_degrees() + 180.0 - 0.09033 / 3600.0;
    // Nutation in longitude, main terms (Meeus 22), in arcseconds.
    let omega = deg(125.04452 - 1934.136261 * t);
    let l_sun = deg(280.4665 + 36000.7698 * t);
    let l_moon = deg(218.3165 + 481267.8813 * t);
    let nutation = -17.20 * omega.sin() - 1.32 * (2.0 * l_sun).sin() - 0.23 * (2.0 * l_moon).sin()
        + 0.21 * (2.0 * omega).sin();
    let aberration = -20.4898 / r;
    (geometric + (nutation + aberration) / 3600.0).rem_euclid(360.0)
}

/// The instant (JDE) near `guess` at which the Sun's apparent longitude is
/// `target` degrees; `guess` must be within a few days.
///
/// Newton's method, first on the low-accuracy solar theory of Meeus 25 (good to
/// about 0.01°, a quarter of an hour), then on the VSOP87 longitude, which
/// then needs one or two evaluations.
pub(super) fn sun_reaches(target: f64, guess: f64) -> f64 {
    let towards = |lambda: f64| (target - lambda + 540.0).rem_euclid(360.0) - 180.0;
    let mut jde = guess;
    for _ in 0..3 {
        let (lambda, rate) = sun_low_accuracy(jde);
        jde += towards(lambda) / rate;
    }
    for _ in 0..6 {
        let (_, rate) = sun_low_accuracy(jde);
        let step = towards(sun_apparent_longitude(jde)) / rate;
        jde += step;
        // The rate is right to a few parts in 10⁴, so what remains after a
        // step of under a minute is a small fraction of a second.
        if step.abs() < 5e-4 {
            break;
        }
    }
    jde
}

/// The Sun's apparent longitude (degrees) and its rate (degrees a day) at
/// `jde`, from the low-accuracy theory of Meeus 25 (Sun's mean longitude and
/// equation of centre).
fn sun_low_accuracy(jde: f64) -> (f64, f64) {
    let t = (jde - 2451545.0) / 36525.0;
    let l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    let m = deg(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
    let c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * m.sin()
        + (0.019993 - 0.000101 * t) * (2.0 * m).sin()
        + 0.000289 * (3.0 * m).sin();
    let omega = deg(125.04 - 1934.136 * t);
    let lambda = (l0 + c - 0.00569 - 0.00478 * omega.sin()).rem_euclid(360.0);
    // d/dt of L0 + C, with dM/dt = 0.9856 °/d = 0.017202 rad/d.
    let rate = 0.985647 + 0.017202 * (1.914602 * m.cos() + 0.039986 * (2.0 * m).cos());
    (lambda, rate)
}

/// The instant (JDE) of the winter solstice (冬至, 270°) of `year`.
pub(super) fn winter_solstice(year: i32) -> f64 {
    // Noon of 22 December is within a day and a half of the solstice.
    sun_reaches(270.0, day_number(year, 12, 22) as f64)
}

/// Degrees (reduced to 0..360) to radians.
pub(super) fn deg(x: f64) -> f64 {
    x.rem_euclid(360.0) * (PI / 180.0)
}
