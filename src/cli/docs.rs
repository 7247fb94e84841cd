//! `misec rules` and `misec explain CODE`.

use super::{output, Global, Status, Trouble};
use crate::diagnostic::{self, did_you_mean, doc, CODES};

/// Every code with its default severity and summary, one per line.
pub fn rules(global: &Global) -> Result<Status, Trouble> {
    let text = match global.format {
        super::FormatArg::Json => {
            let rows: Vec<serde_json::Value> = CODES
                .iter()
                .map(|c| serde_json::json!({"code": c.code, "severity": c.severity.as_str(), "summary": c.summary}))
                .collect();
            let mut s = serde_json::to_string_pretty(&rows)?;
            s.push('\n');
            s
        }
        _ => CODES
            .iter()
            .map(|c| format!("{:<7} {:<8} {}\n", c.code, c.severity.as_str(), c.summary))
            .collect(),
    };
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Status::Clean)
}

/// The documentation of one code.
pub fn explain(code: &str) -> Result<Status, Trouble> {
    let Some(info) = diagnostic::lookup(code) else {
        let hint = did_you_mean(code, CODES.iter().map(|c| c.code))
            .map(|best| format!("; did you mean `{best}`?"))
            .unwrap_or_else(|| "; `misec rules` lists every code".to_string());
        return Err(Trouble(format!("unknown code `{code}`{hint}")));
    };
    let text = match doc::get(info.code) {
        Some(doc) => format!(
            "{}\n\nDefault severity: {}\n",
            doc.trim_end(),
            info.severity.as_str()
        ),
        None => format!(
            "# {}: {}\n\nDefault severity: {}\n",
            info.code,
            info.summary,
            info.severity.as_str()
        ),
    };
    output::to_stdout(|out| out.write_all(text.as_bytes()))?;
    Ok(Status::Clean)
}
