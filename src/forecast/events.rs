//! Dated events (holidays, promotions) turned into regressor columns for a series and its
//! horizon: one 0/1 column per event name and day offset in its window (`before` days ahead of
//! the date to `after` days past it), as Prophet's holiday windows. A step is marked when the
//! day falls inside it (a day of daily data, a week of weekly data, every half hour of the day
//! for half-hourly data). Events sharing a name (Christmas of several years) share columns.
//! Columns that are zero over the whole history are dropped: their effect cannot be estimated.
//!
//! The columns feed MSTL's regressors ([`super::Mstl::fit_xreg`]) and, as a plain row-major
//! matrix ([`EventRegressors::row_major`]), any regression with ARIMA errors.

use super::seasonality::Frequency;
use crate::error::{check, quoted, Error, Result};
use crate::limits;
use std::collections::HashMap;

const DAY_MS: f64 = 86_400_000.0;

/// One dated event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Name; events with the same name share regressor columns.
    pub name: String,
    /// The day, in milliseconds since 1970-01-01 UTC (any time within the day).
    pub date_ms: f64,
    /// Days before the date that get their own column (e.g. shopping before Christmas).
    pub before: usize,
    /// Days after the date that get their own column.
    pub after: usize,
}

/// Regressor columns of a set of events over a series and its horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRegressors {
    /// Column names: the event name, with `-k` / `+k` for a day `k` before / after it.
    pub names: Vec<String>,
    /// One column per name over the history.
    pub history: Vec<Vec<f64>>,
    /// One column per name over the horizon.
    pub future: Vec<Vec<f64>>,
}

impl EventRegressors {
    /// Columns of the history (`future == false`) or of the horizon as one row-major matrix
    /// (`rows × names.len()`), the layout of a regression design matrix.
    pub fn row_major(&self, future: bool) -> Vec<f64> {
        let cols = if future { &self.future } else { &self.history };
        let rows = cols.first().map_or(0, Vec::len);
        (0..rows)
            .flat_map(|t| cols.iter().map(move |c| c[t]))
            .collect()
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Parses a `YYYY-MM-DD` date (year of 1–4 digits, month and day of 1–2) into milliseconds
/// since 1970-01-01 UTC.
pub fn parse_date(arg: &str, s: &str) -> Result<f64> {
    let bad = || {
        Error::invalid(
            arg,
            "a date \"YYYY-MM-DD\" or milliseconds since 1970",
            quoted(s, 40),
        )
    };
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.len() != 3 || !digits(parts[0], 4) || !digits(parts[1], 2) || !digits(parts[2], 2) {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<i64>().map_err(|_| bad());
    let (y, m, d) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    let days_in = |y: i64, m: i64| {
        days_from_civil(if m == 12 { y + 1 } else { y }, m % 12 + 1, 1) - days_from_civil(y, m, 1)
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d) as f64 * DAY_MS)
}

/// Adds `k` calendar months to a timestamp (day of month clamped to the month's length).
fn add_months(ms: f64, k: i64) -> f64 {
    let days = (ms / DAY_MS).floor() as i64;
    let within = ms - days as f64 * DAY_MS;
    let (y, m, d) = civil_from_days(days);
    let total = y * 12 + (m - 1) + k;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let last = days_from_civil(if nm == 12 { ny + 1 } else { ny }, nm % 12 + 1, 1)
        - days_from_civil(ny, nm, 1);
    days_from_civil(ny, nm, d.min(last)) as f64 * DAY_MS + within
}

/// The `horizon` timestamps after the last of `timestamps`: calendar months, quarters or years
/// for monthly, quarterly and yearly data, the median step otherwise.
pub fn future_timestamps(timestamps: &[f64], horizon: usize) -> Result<Vec<f64>> {
    let freq = Frequency::from_timestamps(timestamps)?;
    limits::check_count("horizon", horizon, 1, limits::MAX_HORIZON)?;
    let last = timestamps[timestamps.len() - 1];
    let months = match freq {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 3,
        Frequency::Yearly => 12,
        _ => 0,
    };
    let mut steps: Vec<f64> = timestamps.windows(2).map(|w| w[1] - w[0]).collect();
    steps.sort_by(f64::total_cmp);
    let step = steps[steps.len() / 2];
    Ok((1..=horizon)
        .map(|k| {
            if months > 0 {
                add_months(last, months * k as i64)
            } else {
                last + step * k as f64
            }
        })
        .collect())
}

/// Validates events: at most [`MAX_EVENTS`](limits::MAX_EVENTS), finite dates, windows of at
/// most [`MAX_EVENT_WINDOW`](limits::MAX_EVENT_WINDOW) days.
fn check_events(events: &[Event]) -> Result<()> {
    if events.len() > limits::MAX_EVENTS {
        return Err(Error::invalid(
            "events",
            format!("at most {} events", limits::MAX_EVENTS),
            format!("{} events", events.len()),
        ));
    }
    for (i, e) in events.iter().enumerate() {
        check::finite(&format!("events[{i}].date"), &[e.date_ms])?;
        if e.name.chars().count() > 64 {
            return Err(Error::invalid(
                format!("events[{i}].name"),
                "a name of at most 64 characters",
                format!("{} characters", e.name.chars().count()),
            ));
        }
        limits::check_count(
            &format!("events[{i}].before"),
            e.before,
            0,
            limits::MAX_EVENT_WINDOW,
        )?;
        limits::check_count(
            &format!("events[{i}].after"),
            e.after,
            0,
            limits::MAX_EVENT_WINDOW,
        )?;
    }
    let days: usize = events.iter().map(|e| e.before + e.after + 1).sum();
    if days > limits::MAX_EVENT_DAYS {
        return Err(Error::invalid(
            "events",
            format!(
                "at most {} event days in all (each event's before + after + 1)",
                limits::MAX_EVENT_DAYS
            ),
            days,
        ));
    }
    Ok(())
}

/// The error of a `forecast-lite` build (npm `edgewise/forecast-lite`) given events.
pub(crate) fn not_in_lite() -> Error {
    Error::invalid(
        "events",
        "no events in edgewise/forecast-lite (import edgewise/forecast for events and \
         regressors, ARIMA, AutoARIMA, MSTL and ensembles)",
        "events",
    )
}

/// Refuses regressors (`xreg`, `futureXreg`), which only the ARIMA models of `edgewise/forecast`
/// take, in a `forecast-lite` build: the refusal, named `arg`, when `given`; else `Ok` (always
/// `Ok` in `edgewise/forecast`). Every option check and request calls it before it reads a
/// matrix. Inlined, with a refusal that `?` turns into the [`Error`] out of line, it tells the
/// optimiser of a lite build that no regressors follow, so the code that reads or fits them is
/// dropped.
#[inline(always)]
pub(crate) fn refuse_regressors_in_lite(
    given: bool,
    arg: &'static str,
) -> core::result::Result<(), NoRegressorsInLite> {
    if cfg!(not(feature = "forecast")) && given {
        return Err(NoRegressorsInLite(arg));
    }
    Ok(())
}

/// Regressors given to a `forecast-lite` build, as the argument `.0` (see
/// [`refuse_regressors_in_lite`]).
pub(crate) struct NoRegressorsInLite(&'static str);

impl From<NoRegressorsInLite> for Error {
    fn from(NoRegressorsInLite(arg): NoRegressorsInLite) -> Error {
        Error::invalid(
            arg,
            "no regressors in edgewise/forecast-lite (import edgewise/forecast for regression \
             with ARIMA errors)",
            "regressors",
        )
    }
}

/// Regressor columns of `events` over a series observed at `timestamps` (ascending, in
/// milliseconds) and the `horizon` steps after it. Step `t` covers `[timestamps[t], next)`.
/// Fails when there would be more than [`MAX_REGRESSORS`](limits::MAX_REGRESSORS) columns.
pub fn event_regressors(
    timestamps: &[f64],
    horizon: usize,
    events: &[Event],
) -> Result<EventRegressors> {
    // Events fit by MSTL backfitting or ARIMA errors, neither of which `forecast-lite` has.
    if cfg!(not(feature = "forecast")) {
        return Err(not_in_lite());
    }
    check_events(events)?;
    let future = future_timestamps(timestamps, horizon)?;
    let n = timestamps.len();
    let all: Vec<f64> = timestamps.iter().chain(&future).copied().collect();
    let step = if n >= 2 {
        future[0] - timestamps[n - 1]
    } else {
        DAY_MS
    };
    // (name, offset) keys, and day → the keys that mark it.
    let mut keys: Vec<(String, i64)> = Vec::new();
    let mut index: HashMap<(String, i64), usize> = HashMap::new();
    let mut by_day: HashMap<i64, Vec<usize>> = HashMap::new();
    for e in events {
        let day = (e.date_ms / DAY_MS).floor() as i64;
        for off in -(e.before as i64)..=(e.after as i64) {
            let key = (e.name.clone(), off);
            let at = *index.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                keys.len() - 1
            });
            by_day.entry(day + off).or_default().push(at);
        }
    }
    // The keys marking some step of the history (bounded before anything per key is allocated),
    // then their columns over history and horizon.
    let span = |t: usize| {
        let start = all[t];
        let end = all.get(t + 1).copied().unwrap_or(start + step);
        let d0 = (start / DAY_MS).floor() as i64;
        // A step spans at most a year of days (yearly data), so the loops below are bounded.
        d0..((end / DAY_MS).ceil() as i64).max(d0 + 1)
    };
    let mut column: HashMap<usize, Vec<f64>> = HashMap::new();
    for t in 0..n {
        for d in span(t) {
            for &k in by_day.get(&d).map_or(&[][..], Vec::as_slice) {
                if !column.contains_key(&k) {
                    if column.len() == limits::MAX_REGRESSORS {
                        return Err(Error::invalid(
                            "events",
                            format!(
                                "at most {} regressor columns (event names × window days)",
                                limits::MAX_REGRESSORS
                            ),
                            "more",
                        ));
                    }
                    column.insert(k, vec![0.0; all.len()]);
                }
            }
        }
    }
    for t in 0..all.len() {
        for d in span(t) {
            for k in by_day.get(&d).map_or(&[][..], Vec::as_slice) {
                if let Some(c) = column.get_mut(k) {
                    c[t] = 1.0;
                }
            }
        }
    }
    let mut order: Vec<usize> = column.keys().copied().collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut names = Vec::new();
    let (mut history, mut horizon_cols) = (Vec::new(), Vec::new());
    for i in order {
        let col = &column[&i];
        let (name, off) = &keys[i];
        names.push(match off {
            0 => name.clone(),
            o if *o < 0 => format!("{name}{o}"),
            o => format!("{name}+{o}"),
        });
        history.push(col[..n].to_vec());
        horizon_cols.push(col[n..].to_vec());
    }
    Ok(EventRegressors {
        names,
        history,
        future: horizon_cols,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_months_add() {
        let d = parse_date("date", "2014-12-25").unwrap();
        assert_eq!(d, 1_419_465_600_000.0);
        assert_eq!(civil_from_days((d / DAY_MS) as i64), (2014, 12, 25));
        assert_eq!(parse_date("d", "1970-01-01").unwrap(), 0.0);
        assert_eq!(
            parse_date("d", "2014-1-5").unwrap(),
            parse_date("d", "2014-01-05").unwrap()
        );
        for bad in [
            "2014-02-30",
            "2014-13-01",
            "12014-12-25",
            "2014/12/25",
            "x",
            "2014--1",
            "+14-1-1",
        ] {
            assert!(parse_date("events[0].date", bad)
                .unwrap_err()
                .to_string()
                .contains("`events[0].date`"));
        }
        let jan31 = parse_date("d", "2015-01-31").unwrap();
        assert_eq!(add_months(jan31, 1), parse_date("d", "2015-02-28").unwrap());
        assert_eq!(
            add_months(jan31, 13),
            parse_date("d", "2016-02-29").unwrap()
        );
        let months: Vec<f64> = (0..3).map(|k| add_months(jan31, -k)).collect();
        let f = future_timestamps(&months.into_iter().rev().collect::<Vec<_>>(), 2).unwrap();
        assert_eq!(f[1], add_months(jan31, 2));
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn daily_and_half_hourly_columns() {
        let start = parse_date("d", "2014-12-20").unwrap();
        let ts: Vec<f64> = (0..7).map(|k| start + k as f64 * DAY_MS).collect();
        let ev = |name: &str, date: &str, before, after| Event {
            name: name.into(),
            date_ms: parse_date("d", date).unwrap(),
            before,
            after,
        };
        let events = [
            ev("christmas", "2014-12-25", 1, 1),
            ev("christmas", "2013-12-25", 1, 1),
            ev("newYear", "2015-01-01", 0, 0),
            ev("promo", "2014-12-21", 0, 0),
        ];
        let r = event_regressors(&ts, 5, &events).unwrap();
        // New Year falls in the horizon only: only columns seen in the history stay.
        assert_eq!(
            r.names,
            vec!["christmas-1", "christmas", "christmas+1", "promo"]
        );
        assert_eq!(r.history[0], vec![0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        assert_eq!(r.history[1], vec![0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
        assert_eq!(r.history[3], vec![0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(r.future[0], vec![0.0; 5]);
        assert_eq!(r.row_major(false).len(), 28);
        assert_eq!(r.row_major(false)[20..24], [0.0, 1.0, 0.0, 0.0]);
        // Half-hourly steps: all 48 of the day are marked.
        let hh: Vec<f64> = (0..96 * 3)
            .map(|k| start + k as f64 * DAY_MS / 48.0)
            .collect();
        let r = event_regressors(&hh, 48, &[ev("promo", "2014-12-21", 0, 0)]).unwrap();
        assert_eq!(r.history[0].iter().sum::<f64>(), 48.0);
        assert_eq!(r.history[0][48], 1.0);
        // Bounds.
        let many = vec![ev("x", "2014-12-21", 0, 0); limits::MAX_EVENTS + 1];
        assert!(event_regressors(&ts, 2, &many).is_err());
        let wide = [ev("x", "2014-12-21", 400, 0)];
        assert!(event_regressors(&ts, 2, &wide)
            .unwrap_err()
            .to_string()
            .contains("`events[0].before`"));
        let spread: Vec<Event> = (0..70)
            .map(|k| Event {
                name: format!("e{k}"),
                date_ms: start + (k % 7) as f64 * DAY_MS,
                before: 0,
                after: 0,
            })
            .collect();
        assert!(event_regressors(&ts, 2, &spread)
            .unwrap_err()
            .to_string()
            .contains("at most 64 regressor columns"));
    }
}
