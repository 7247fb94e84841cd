//! Checking the date- and size-dependent parts of a profile: `global_peering`
//! (cut-off dates), `sizing` (address formulas) and `ended` (the era's end).
//!
//! Input: those sections as written. Output: the checked values, with an
//! E202 pushed into the checking context, at the value, for a date that is
//! not a day of the calendar or cut-off dates in the wrong order.

use super::check::Ctx;
use super::locate::Seg;
use super::raw::{RawEnded, RawFormula, RawGlobalPeering, RawSizing};
use super::{Ended, Formula, GlobalPeering, Sizing};
use crate::model::Date;

fn date(cx: &mut Ctx, path: &[Seg], text: &str) -> Option<Date> {
    match Date::parse(text) {
        Ok(d) => Some(d),
        Err(why) => {
            cx.error(
                path,
                format!("invalid date `{text}`: {why}"),
                "not a date",
                "write a day as `\"YYYY-MM-DD\"`, e.g. `\"2020-09-22\"`",
            );
            None
        }
    }
}

pub(super) fn global_peering(
    cx: &mut Ctx,
    raw: &Option<RawGlobalPeering>,
) -> Option<GlobalPeering> {
    use Seg::Key as K;
    let raw = raw.as_ref()?;
    let fails_before = date(
        cx,
        &[K("global_peering"), K("fails_before")],
        &raw.fails_before,
    );
    let works_from = date(cx, &[K("global_peering"), K("works_from")], &raw.works_from);
    let (fails_before, works_from) = (fails_before?, works_from?);
    if works_from < fails_before {
        cx.error(
            &[K("global_peering"), K("works_from")],
            "`works_from` is before `fails_before`".into(),
            "earlier than `fails_before`",
            "give the day from which global peering works, on or after the day before which it fails",
        );
        return None;
    }
    Some(GlobalPeering {
        fails_before,
        works_from,
        provenance: raw.source.clone(),
        span: cx.span(&[K("global_peering")]),
    })
}

fn formula(raw: &RawFormula) -> Formula {
    Formula {
        reserved: raw.reserved,
        general_purpose: raw.general_purpose,
        business_critical: raw.business_critical,
        per_group: raw.per_group,
    }
}

pub(super) fn sizing(cx: &mut Ctx, raw: &Option<RawSizing>) -> Option<Sizing> {
    let raw = raw.as_ref()?;
    Some(Sizing {
        required: formula(&raw.required),
        recommended: raw.recommended.as_ref().map(formula),
        provenance: raw.source.clone(),
        span: cx.span(&[Seg::Key("sizing")]),
    })
}

pub(super) fn ended(cx: &mut Ctx, raw: &Option<RawEnded>) -> Option<Ended> {
    use Seg::Key as K;
    let raw = raw.as_ref()?;
    let date = date(cx, &[K("ended"), K("date")], &raw.date)?;
    Some(Ended {
        date,
        what: raw.what.clone(),
        provenance: raw.source.clone(),
        span: cx.span(&[K("ended")]),
    })
}
