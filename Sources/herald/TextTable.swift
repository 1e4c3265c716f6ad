/// Plain-text layouts for terminals: a table with aligned columns, and a list of labelled fields.
enum TextTable {
    /// Rows under a header, each column as wide as its widest cell, two spaces between columns.
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                text += isLast ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count) + 2)
            }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// `label  value` lines with the values aligned.
    static func fields(_ fields: [(String, String)]) -> String {
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + value
        }.joined(separator: "\n")
    }
}
