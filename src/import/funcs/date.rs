//! Date functions given a value: `dateTimeFromEpoch`, `dateTimeToEpoch` and
//! `dateTimeAdd` on UTC times written `yyyy-MM-ddTHH:mm:ssZ` (what
//! `dateTimeFromEpoch` gives). `utcNow()` is the deployment's and unknown.
//!
//! Input: known arguments. Output: `None` for another family's function.
//! Other time formats and format strings are unknown rather than guessed.

use super::Cx;
use crate::import::eval::Val;

/// 9999-12-31T23:59:59Z, the last time .NET represents; bounds keep the
/// calendar arithmetic far from overflow.
const MAX_SECS: i64 = 253_402_300_799;

pub fn call(name: &str, args: &[Val], cx: &Cx) -> Option<Val> {
    let bad = || cx.bad(name);
    let v = match (name, args) {
        ("datetimefromepoch", [Val::Int(s)]) if (0..=MAX_SECS).contains(s) => Val::Str(show(*s)),
        ("datetimetoepoch", [Val::Str(t)]) => read(t).map_or_else(bad, Val::Int),
        // the result keeps the base's form (`T` or the `u` format's space)
        ("datetimeadd", [Val::Str(t), Val::Str(d)]) => {
            read(t).and_then(|base| add(base, d)).map_or_else(bad, |s| {
                let shown = show(s);
                Val::Str(if t.contains(' ') {
                    shown.replacen('T', " ", 1)
                } else {
                    shown
                })
            })
        }
        ("datetimefromepoch" | "datetimetoepoch" | "datetimeadd", _) => bad(),
        _ => return None,
    };
    Some(v)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn show(secs: i64) -> String {
    let (day, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil(day);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Seconds since the epoch of `yyyy-MM-ddTHH:mm:ss[.fff]Z`.
fn read(t: &str) -> Option<i64> {
    let t = t.trim().strip_suffix('Z')?;
    let (date, time) = t.split_once(['T', ' '])?;
    let time = time.split('.').next()?;
    let num = |s: &str| s.parse::<i64>().ok();
    let mut dp = date.splitn(3, '-').map(num);
    let (y, m, d) = (dp.next()??, dp.next()??, dp.next()??);
    let mut tp = time.splitn(3, ':').map(num);
    let (h, mi, s) = (tp.next()??, tp.next()??, tp.next()??);
    let valid = (1..=9999).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&d)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0..61).contains(&s);
    valid.then(|| days(y, m, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Adds an ISO 8601 duration (`P1Y2M3DT4H5M6S`, `-P1D`); months clamp the
/// day to the month's end, as .NET does.
fn add(base: i64, duration: &str) -> Option<i64> {
    let (sign, rest) = match duration.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, duration),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut months = 0i64;
    let mut secs = 0i64;
    for (part, in_time) in [(date, false), (time, true)] {
        let mut n = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                n.push(c);
                continue;
            }
            let v: i64 = std::mem::take(&mut n).parse().ok()?;
            // beyond 10000 years every result is out of range anyway
            if v > MAX_SECS {
                return None;
            }
            match (c, in_time) {
                ('Y', false) => months += v * 12,
                ('M', false) => months += v,
                ('W', false) => secs += v * 7 * 86_400,
                ('D', false) => secs += v * 86_400,
                ('H', true) => secs += v * 3600,
                ('M', true) => secs += v * 60,
                ('S', true) => secs += v,
                _ => return None,
            }
            if months > 120_000 || secs > MAX_SECS {
                return None;
            }
        }
        if !n.is_empty() {
            return None;
        }
    }
    let (day, rem) = (base.div_euclid(86_400), base.rem_euclid(86_400));
    let (y, m, d) = civil(day);
    let total = y * 12 + (m - 1) + sign * months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let month_len = days(ny + i64::from(nm == 12), nm % 12 + 1, 1) - days(ny, nm, 1);
    let day = days(ny, nm, d.min(month_len));
    let out = day * 86_400 + rem + sign * secs;
    (0..=MAX_SECS).contains(&out).then_some(out)
}
