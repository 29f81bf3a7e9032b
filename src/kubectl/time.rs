//! The playground's own verbs for time, which a real terminal does not need because
//! a real cluster's clock runs by itself: `sleep DURATION` moves the simulated clock
//! on as the shell's `sleep` lets real time pass (and prints nothing, as it does);
//! `wait [--timeout=DURATION]` runs the cluster until nothing is left to happen and
//! says how much simulated time that took.

use super::error::{CommandError, Result};
use super::flags::{self, Flag};
use super::Ctx;

/// How long `wait` runs the cluster at most, unless `--timeout` says otherwise.
pub const DEFAULT_WAIT_MILLIS: u64 = 10 * 60 * 1000;

const WAIT_FLAGS: &[Flag] = &[flags::value("timeout", None)];

/// `sleep` or `wait`.
pub fn run(ctx: &mut Ctx, verb: &str, words: &[String]) -> Result<()> {
    if verb == "sleep" {
        return sleep(ctx, words);
    }
    let args = flags::parse(words, WAIT_FLAGS, "wait")?;
    if let Some(extra) = args.positional.first() {
        return Err(CommandError::usage(format!(
            "wait takes no arguments, only --timeout=DURATION (got {extra:?})"
        )));
    }
    let bound = match args.value("timeout") {
        Some(text) => parse_duration(text).ok_or_else(|| {
            CommandError::usage(format!(
                "invalid --timeout {text:?}: use a duration like 90s or 5m"
            ))
        })?,
        None => DEFAULT_WAIT_MILLIS,
    };
    let start = ctx.cluster.now();
    let settled = ctx.cluster.run_until_settled(bound);
    let took = format_duration(ctx.cluster.now().millis_since(start));
    if settled {
        ctx.print(&format!("cluster settled after {took}\n"));
        Ok(())
    } else {
        Err(CommandError::usage(format!(
            "timed out: the cluster is still changing after {took}"
        )))
    }
}

/// The shell's `sleep`: durations like `5`, `5s`, `1.5m`, `2h`, summed.
fn sleep(ctx: &mut Ctx, words: &[String]) -> Result<()> {
    if words.is_empty() {
        return Err(CommandError::Raw("sleep: missing operand".to_owned()));
    }
    let mut total: u64 = 0;
    for word in words {
        let millis = parse_duration(word)
            .ok_or_else(|| CommandError::Raw(format!("sleep: invalid time interval ‘{word}’")))?;
        total = total.saturating_add(millis);
    }
    ctx.cluster.advance(total);
    Ok(())
}

/// A duration as `sleep` (`5`, `1.5m`) or a Go flag (`90s`, `1m30s`) spells it, in
/// milliseconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let mut total = 0f64;
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if number_len == 0 {
            return None;
        }
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "" | "s" => 1000.0,
            "ms" => 1.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * factor;
    }
    // Whole milliseconds are the clock's resolution; absurd lengths saturate.
    (total.is_finite() && total >= 0.0).then(|| total.round().min(u64::MAX as f64) as u64)
}

/// A duration as Go prints one (`7.2s`, `1m12.5s`, `500ms`, `0s`).
pub fn format_duration(millis: u64) -> String {
    if millis == 0 {
        return "0s".to_owned();
    }
    if millis < 1000 {
        return format!("{millis}ms");
    }
    let hours = millis / 3_600_000;
    let minutes = (millis / 60_000) % 60;
    let seconds = (millis / 1000) % 60;
    let fraction = millis % 1000;
    let mut seconds_text = seconds.to_string();
    if fraction != 0 {
        let digits = format!("{fraction:03}");
        seconds_text.push('.');
        seconds_text.push_str(digits.trim_end_matches('0'));
    }
    match (hours, minutes) {
        (0, 0) => format!("{seconds_text}s"),
        (0, m) => format!("{m}m{seconds_text}s"),
        (h, m) => format!("{h}h{m}m{seconds_text}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_sleep_and_go() {
        assert_eq!(parse_duration("5"), Some(5000));
        assert_eq!(parse_duration("5s"), Some(5000));
        assert_eq!(parse_duration("1.5m"), Some(90_000));
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("250ms"), Some(250));
        assert_eq!(parse_duration("2h"), Some(7_200_000));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("5y"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn durations_print_like_go() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(500), "500ms");
        assert_eq!(format_duration(7200), "7.2s");
        assert_eq!(format_duration(72_500), "1m12.5s");
        assert_eq!(format_duration(3_600_000), "1h0m0s");
    }
}
