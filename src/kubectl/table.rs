//! Column alignment as kubectl does it, with Go's `text/tabwriter` rules: a cell is
//! text ended by a tab, the text after a line's last tab is not aligned, and a
//! column is as wide as its widest cell plus the padding, within each block of
//! consecutive lines that have that column. `get` tables use kubectl's table writer
//! (minimum width 6, padding 3); `describe` and `rollout history` use padding 2.

/// The settings of one tab writer.
#[derive(Debug, Clone, Copy)]
pub struct TabWriter {
    min_width: usize,
    padding: usize,
}

/// kubectl's table printer (`printers.GetNewTabWriter`): minimum width 6, padding 3.
pub const TABLE: TabWriter = TabWriter {
    min_width: 6,
    padding: 3,
};

/// kubectl's `describe` and `rollout history` writer: no minimum, padding 2.
pub const DESCRIBE: TabWriter = TabWriter {
    min_width: 0,
    padding: 2,
};

impl TabWriter {
    /// Align `text`, whose lines hold tab-separated cells.
    pub fn format(self, text: &str) -> String {
        let ends_with_newline = text.ends_with('\n');
        let lines: Vec<Vec<&str>> = text
            .strip_suffix('\n')
            .unwrap_or(text)
            .split('\n')
            .map(|line| line.split('\t').collect())
            .collect();
        let mut out = String::with_capacity(text.len() * 2);
        let mut widths = Vec::new();
        self.format_block(&lines, 0, lines.len(), &mut widths, &mut out);
        if !ends_with_newline {
            out.pop();
        }
        out
    }

    /// Go's `tabwriter.format`: find the blocks of lines that have a cell in the next
    /// column, size that column per block, and recurse.
    fn format_block(
        self,
        lines: &[Vec<&str>],
        mut line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            write_lines(lines, line0, this, widths, out);
            line0 = this;
            let mut width = self.min_width;
            while this < line1 && column + 1 < lines[this].len() {
                width = width.max(lines[this][column].chars().count() + self.padding);
                this += 1;
            }
            widths.push(width);
            self.format_block(lines, line0, this, widths, out);
            widths.pop();
            line0 = this;
        }
        write_lines(lines, line0, line1, widths, out);
    }
}

fn write_lines(
    lines: &[Vec<&str>],
    line0: usize,
    line1: usize,
    widths: &[usize],
    out: &mut String,
) {
    for line in &lines[line0..line1] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                if let Some(width) = widths.get(j) {
                    let pad = width.saturating_sub(cell.chars().count());
                    out.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
        out.push('\n');
    }
}

/// A table as `kubectl get` prints it: a header row of upper-case names, then one
/// row per object, aligned with [`TABLE`].
#[derive(Debug, Clone, Default)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers.
    pub fn new<S: AsRef<str>>(headers: &[S]) -> Table {
        Table {
            rows: vec![headers.iter().map(|h| h.as_ref().to_owned()).collect()],
        }
    }

    /// Add a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The rows so far, header included.
    pub fn rows(&self) -> &[Vec<String>] {
        &self.rows
    }

    /// The aligned text, every line ending in a newline.
    pub fn render(&self) -> String {
        let text: String = self
            .rows
            .iter()
            .map(|row| format!("{}\n", row.join("\t")))
            .collect();
        TABLE.format(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_the_widest_cell_plus_three_and_at_least_six() {
        let mut table = Table::new(&["NAME", "READY", "AGE"]);
        table.row(vec!["giropops-0".into(), "1/1".into(), "10s".into()]);
        table.row(vec!["a".into(), "0/1".into(), "2m".into()]);
        assert_eq!(
            table.render(),
            "NAME         READY   AGE\ngiropops-0   1/1     10s\na            0/1     2m\n"
        );
        let mut narrow = Table::new(&["A", "B"]);
        narrow.row(vec!["x".into(), "y".into()]);
        assert_eq!(narrow.render(), "A     B\nx     y\n");
    }

    #[test]
    fn a_line_without_a_tab_ends_the_alignment_block() {
        let text = "Name:\tgiropops-0\nService Account:\tdefault\nIPs:\n  IP:\t10.244.1.2\nControlled By:\tStatefulSet/giropops\n";
        assert_eq!(
            DESCRIBE.format(text),
            "Name:             giropops-0\nService Account:  default\nIPs:\n  IP:           10.244.1.2\nControlled By:  StatefulSet/giropops\n"
        );
    }

    #[test]
    fn trailing_cells_are_not_padded_and_empty_cells_are() {
        assert_eq!(
            TABLE.format("A\t\tC\nxx\t\tz\n"),
            "A           C\nxx          z\n"
        );
    }
}
