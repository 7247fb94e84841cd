//! Priorities for rules that do not write one.
//!
//! Rules of one direction are listed highest precedence first. A rule without
//! a priority gets the next multiple of 100 above the previous rule (or above
//! `floor`, the highest mandatory priority), as long as it stays below the next
//! explicit priority; where a run of such rules does not fit in hundreds, the
//! gap to the next explicit priority is divided evenly. The result is stable:
//! adding a rule with an explicit priority never renumbers rules before it.

/// Azure's lowest and highest user priority.
pub const MIN: u32 = 100;
pub const MAX: u32 = 4096;

/// The priority of every rule, given the explicit ones. `None` in the output
/// means there is no free number left for that rule in front of the next
/// explicit priority (reported by the caller as E111).
pub fn assign(explicit: &[Option<u32>], floor: u32) -> Vec<Option<u32>> {
    let mut out = vec![None; explicit.len()];
    let mut prev = floor.max(MIN - 1);
    let mut i = 0;
    while i < explicit.len() {
        if let Some(p) = explicit[i] {
            out[i] = Some(p);
            prev = prev.max(p);
            i += 1;
            continue;
        }
        // a run of rules without priority: [i, j)
        let j = (i..explicit.len())
            .find(|&k| explicit[k].is_some())
            .unwrap_or(explicit.len());
        let next = explicit.get(j).copied().flatten().unwrap_or(MAX + 1);
        let run = (j - i) as u32;
        let first_hundred = (prev / 100 + 1) * 100;
        if next > prev && first_hundred + 100 * (run - 1) < next {
            for (k, slot) in out[i..j].iter_mut().enumerate() {
                *slot = Some(first_hundred + 100 * k as u32);
            }
            prev = first_hundred + 100 * (run - 1);
        } else if next > prev + run {
            let gap = (next - prev) / (run + 1);
            for (k, slot) in out[i..j].iter_mut().enumerate() {
                *slot = Some(prev + gap * (k as u32 + 1));
            }
            prev += gap * run;
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hundreds_after_the_mandatory_rules() {
        let got = assign(&[None, Some(400), None, Some(4096)], 106);
        assert_eq!(got, vec![Some(200), Some(400), Some(500), Some(4096)]);
    }

    #[test]
    fn starts_at_100_without_mandatory_rules() {
        assert_eq!(assign(&[None, None], 0), vec![Some(100), Some(200)]);
    }

    #[test]
    fn squeezes_when_hundreds_do_not_fit() {
        let got = assign(&[Some(100), None, None, Some(130)], 0);
        assert_eq!(got, vec![Some(100), Some(110), Some(120), Some(130)]);
    }

    #[test]
    fn reports_no_room() {
        let got = assign(&[Some(100), None, Some(101)], 0);
        assert_eq!(got, vec![Some(100), None, Some(101)]);
    }

    #[test]
    fn a_thousand_rules_fit() {
        let got = assign(&vec![None; 1000], 106);
        assert!(got
            .iter()
            .all(|p| p.is_some_and(|p| (MIN..=MAX).contains(&p))));
        assert!(got.windows(2).all(|w| w[0] < w[1]));
    }
}
