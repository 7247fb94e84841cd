//! `misec check` over many files (a fleet): the output is the contract's
//! order (by file name) whatever the number of jobs, the timing of threads
//! or the order of the command line, and it is what checking each file on
//! its own gives; no progress bar where stderr is not a terminal. One
//! large file spreads its per-rule questions over `--jobs` threads and says
//! the same for any number.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn misec(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_misec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A rule line that gives file `i` its own mix of findings: clean, a
/// shadowed rule, TDS from the Internet, or a syntax error.
fn rules(i: usize) -> String {
    let net = format!("10.20.{}.0/24", 2 + i % 200);
    match i % 4 {
        0 => format!("apps:  allow tcp from {net} to subnet port 1433"),
        1 => format!(
            "apps:  allow tcp from {net} to subnet port 1433\n      again: allow tcp from {net} to subnet port 1433"
        ),
        2 => "apps:  allow tcp from any to subnet port 1433".to_string(),
        _ => format!("apps:  allow tcp from {net} to subnet port"),
    }
}

/// 50 `.misec` files and 10 exported templates (whose notes go to stderr),
/// named so that command-line, creation and name order all differ.
fn fleet(name: &str) -> (PathBuf, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("misec-fleet-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut names = Vec::new();
    for i in 0..50 {
        let name = format!("{}-{i}.misec", ["b", "a", "c"][i % 3]);
        let text = format!(
            "vnet prod {{\n  address  10.20.0.0/16\n  region   westeurope\n\n  subnet sqlmi {{\n    address  10.20.1.0/24\n    delegated\n\n    inbound {{\n      {}\n      default deny\n    }}\n  }}\n}}\n",
            rules(i)
        );
        std::fs::write(dir.join(&name), text).unwrap();
        names.push(name);
    }
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/eras/platform-v9-copies.json"),
    )
    .unwrap();
    for i in 0..10 {
        let name = format!("t{i}.json");
        std::fs::write(
            dir.join(&name),
            template.replace("\"tds\"", &format!("\"tds-{i}\"")),
        )
        .unwrap();
        names.push(name);
    }
    (dir, names)
}

/// The output without human output's notes, which follow the command line.
fn diagnostics(stdout: &[u8]) -> String {
    text(stdout)
        .lines()
        .filter(|l| !(l.starts_with("note: ") && l.contains(" is checked under profile ")))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_output_is_in_name_order_whatever_the_jobs_and_the_command_line() {
    let (dir, names) = fleet("order");
    // a configuration every file shares: its problem is said once, first
    std::fs::write(dir.join(".misec.yaml"), "service-tags: ./missing.json\n").unwrap();
    let mut sorted = names.clone();
    sorted.sort();
    let mut reversed = sorted.clone();
    reversed.reverse();
    for format in ["human", "short", "json", "sarif", "github"] {
        let run = |jobs: &str, files: &[String]| {
            let mut args = vec!["check", "--format", format, "--jobs", jobs];
            args.extend(files.iter().map(String::as_str));
            misec(&dir, &args)
        };
        let one = run("1", &sorted);
        assert_eq!(
            one.status.code(),
            Some(1),
            "{format}: {}",
            text(&one.stderr)
        );
        if format == "short" {
            let out = text(&one.stdout);
            let first = out.lines().next().unwrap_or_default();
            assert!(first.ends_with(".misec.yaml:1:15: error E201 cannot use the service-tags file `./missing.json`"), "{out}");
            assert_eq!(out.matches("E201").count(), 1, "{out}");
            let files: Vec<&str> = out
                .lines()
                .map(|l| l.split(':').next().unwrap_or_default())
                .collect();
            assert!(
                files.windows(2).all(|w| w[0] <= w[1]),
                "sorted by file: {out}"
            );
        }
        for (jobs, files) in [("3", &names), ("2", &reversed)] {
            let other = run(jobs, files);
            assert_eq!(
                (diagnostics(&other.stdout), other.status.code()),
                (diagnostics(&one.stdout), one.status.code()),
                "{format} with {jobs} jobs differs from one job"
            );
        }
        let again = run("4", &sorted);
        assert_eq!(
            text(&again.stdout),
            text(&one.stdout),
            "{format}: byte for byte"
        );
    }
}

#[test]
fn a_fleet_says_what_each_file_says_on_its_own() {
    let (dir, mut names) = fleet("alone");
    names.sort();
    let mut args = vec!["check", "--format", "short"];
    args.extend(names.iter().map(String::as_str));
    let all = misec(&dir, &args);
    let mut alone = String::new();
    let mut notes = String::new();
    for name in &names {
        let o = misec(&dir, &["check", "--format", "short", "--jobs", "1", name]);
        alone.push_str(&text(&o.stdout));
        notes.push_str(&text(&o.stderr));
    }
    assert_eq!(text(&all.stdout), alone);
    assert_eq!(text(&all.stderr), notes, "the notes, in command-line order");
    // not a vacuous comparison: most files have something to say
    for code in ["E001", "SEC001", "SEC003", "SEC004"] {
        assert!(alone.matches(code).count() >= 10, "{code} in\n{alone}");
    }
}

#[test]
fn no_progress_bar_where_stderr_is_not_a_terminal() {
    let (dir, names) = fleet("progress");
    let misec_files: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| n.ends_with(".misec"))
        .collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(&misec_files);
    let o = misec(&dir, &args);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "",
        "nothing but the document, and nothing on stderr"
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 50);
}

#[test]
fn an_unknown_profile_is_reported_in_every_file_that_names_it() {
    let dir = std::env::temp_dir().join(format!("misec-fleet-{}-unknown", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let subnet = |name: &str, n: u32| {
        format!("  subnet {name} {{\n    address  10.20.{n}.0/24\n    delegated\n    profile mi-2099\n    inbound {{\n      default deny\n    }}\n  }}\n")
    };
    let source = format!(
        "vnet prod {{\n  address  10.20.0.0/16\n  region   westeurope\n\n{}{}}}\n",
        subnet("a", 1),
        subnet("b", 2)
    );
    for name in ["u1.misec", "u2.misec"] {
        std::fs::write(dir.join(name), &source).unwrap();
    }
    // whichever worker checks a file, and whatever it checked before
    for jobs in ["1", "2"] {
        let o = misec(
            &dir,
            &[
                "check", "--format", "short", "--jobs", jobs, "u1.misec", "u2.misec",
            ],
        );
        assert_eq!(o.status.code(), Some(1));
        let lines: Vec<String> = text(&o.stdout)
            .lines()
            .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            lines,
            [
                "u1.misec:8:13: error E108",
                "u1.misec:16:13: error E108",
                "u2.misec:8:13: error E108",
                "u2.misec:16:13: error E108"
            ]
        );
    }
}

/// Three managed-instance subnets of 700 overlapping inbound rules each
/// (2,100 in all: enough for the lints and the reports to be spread over
/// threads), some from service tags: many shadowed (by one rule, by
/// several, by the platform's), some redundant.
fn large_policy() -> String {
    let mut subnets = Vec::new();
    for s in 1..=3 {
        let mut lines = Vec::new();
        for k in 0..700 {
            let access = if k % 4 == 3 { "deny " } else { "allow" };
            let source = match if k % 17 == 0 { 3 } else { k % 4 } {
                // service tags, unresolved: atoms numbered as they are first met
                _ if k % 11 == 5 => ["Storage", "Sql", "AzureCloud", "EventHub"][k % 4].to_string(),
                0 => "172.16.0.0/16".to_string(),
                1 => format!("172.16.{}.0/24", k % 9),
                2 => format!("172.16.{}.{}/32", k % 9, k % 13),
                _ => "any".to_string(),
            };
            let low = 1000 + (k * 7 + s) % 60;
            let port = match k % 3 {
                0 => format!("{low}"),
                _ => format!("{low}-{}", low + k % 30),
            };
            lines.push(format!(
                "      r{k}: {access} tcp from {source} to subnet port {port}"
            ));
        }
        subnets.push(format!(
            "  subnet sqlmi{s} {{\n    address  10.20.{s}.0/24\n    delegated\n\n    inbound {{\n{}\n      default deny\n    }}\n  }}\n",
            lines.join("\n")
        ));
    }
    format!(
        "vnet prod {{\n  address  10.20.0.0/16\n  region   westeurope\n\n{}}}\n",
        subnets.join("\n")
    )
}

#[test]
fn one_large_file_says_the_same_whatever_the_jobs() {
    let dir = std::env::temp_dir().join(format!("misec-large-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("large.misec"), large_policy()).unwrap();
    for format in ["json", "short"] {
        let run = |jobs: &str| {
            misec(
                &dir,
                &["check", "--format", format, "--jobs", jobs, "large.misec"],
            )
        };
        let one = run("1");
        assert_eq!(one.status.code(), Some(0), "{}", text(&one.stderr));
        let out = text(&one.stdout);
        // the questions spread over threads are asked, and answered
        assert!(out.contains("SEC003") && out.contains("SEC004"), "{out}");
        for jobs in ["2", "0"] {
            let other = run(jobs);
            assert_eq!(other.status.code(), Some(0));
            assert_eq!(
                text(&other.stdout),
                out,
                "{format} with {jobs} jobs differs from one job"
            );
            assert_eq!(text(&other.stderr), text(&one.stderr));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
