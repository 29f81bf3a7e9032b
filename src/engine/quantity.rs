//! Reading Kubernetes resource quantities (`1Gi`, `500Mi`, `2G`) as whole units, so
//! that volume sizes can be compared when a claim is matched to a volume.

/// The value of a quantity string in whole units (bytes for storage), or `None` if
/// it is not a quantity. Fractions below one unit are dropped.
pub fn parse_quantity(text: &str) -> Option<u128> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let multiplier: u128 = match suffix {
        "" => 1,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        "Ti" => 1 << 40,
        "Pi" => 1 << 50,
        "Ei" => 1 << 60,
        "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        "P" => 1_000_000_000_000_000,
        "E" => 1_000_000_000_000_000_000,
        _ => return None,
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut value = whole.checked_mul(multiplier)?;
    if !fraction.is_empty() {
        let digits = u32::try_from(fraction.len()).ok()?.min(18);
        let fraction: u128 = fraction[..digits as usize].parse().ok()?;
        value = value.checked_add(fraction.checked_mul(multiplier)? / 10u128.pow(digits))?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_decimal_suffixes() {
        assert_eq!(parse_quantity("1Gi"), Some(1 << 30));
        assert_eq!(parse_quantity("500Mi"), Some(500 << 20));
        assert_eq!(parse_quantity("2G"), Some(2_000_000_000));
        assert_eq!(parse_quantity("1.5Gi"), Some(3 << 29));
        assert_eq!(parse_quantity("100"), Some(100));
        assert!(parse_quantity("1Gi") > parse_quantity("1G"));
    }

    #[test]
    fn nonsense_is_not_a_quantity() {
        for bad in ["", "Gi", "1Gb", "-1Gi", "1..2Gi", "abc"] {
            assert_eq!(parse_quantity(bad), None, "{bad}");
        }
    }
}
