/// A report as data, apart from its format: a title, sections, and in them paragraphs, facts,
/// lists and tables. ``ReportRenderer`` writes it as text, Markdown, HTML or CSV; every piece
/// of text in it is plain text (citizen text included) and is escaped by the renderer.
public struct ReportDocument: Hashable, Sendable {
    public var title: String
    /// A line under the title, for example the process and the date the report is about.
    public var subtitle: String?
    public var sections: [ReportSection]
    /// Lines every reader must see before anything else, in every format: that the store is an
    /// exercise store, that roles are not restricted.
    public var notices: [String] = []

    public init(title: String, subtitle: String? = nil, sections: [ReportSection] = [], notices: [String] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.notices = notices
    }

    /// What every status, report and page of an exercise store says.
    public static let exerciseNotice = "Oefenopslag — de klok is ingesteld; geen verantwoording."

    /// What status and the audit say while no role is granted.
    public static let openRolesNotice =
        "Rollen niet afgeschermd: iedereen die de opslag mag beschrijven, kan in elke rol handelen (er is geen rol toegekend)."

    /// The tables of the document, in order; CSV output writes the first (the main table).
    public var tables: [ReportTable] {
        sections.flatMap { section in
            section.blocks.compactMap { block -> ReportTable? in if case .table(let table) = block { table } else { nil } }
        }
    }
}

/// A section of a report, with a heading.
public struct ReportSection: Hashable, Sendable {
    public var heading: String
    public var blocks: [ReportBlock]

    public init(heading: String, blocks: [ReportBlock] = []) {
        self.heading = heading
        self.blocks = blocks
    }
}

/// One piece of a section.
public enum ReportBlock: Hashable, Sendable {
    /// A paragraph of plain text.
    case paragraph(String)
    /// Label–value pairs, such as "Inbreng: 13".
    case facts([ReportFact])
    /// A bulleted list.
    case list([String])
    /// A table with column headers.
    case table(ReportTable)
    /// Nijmegen's four phases with the current one marked (drawn as inline SVG in HTML).
    case phaseRibbon(current: Phase?)
    /// A subsection heading inside a section.
    case subheading(String)
}

/// A label and its value.
public struct ReportFact: Hashable, Sendable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A table: column titles and rows of plain-text cells.
public struct ReportTable: Hashable, Sendable {
    public struct Column: Hashable, Sendable {
        public var title: String
        /// Numbers are right-aligned in text and HTML.
        public var numeric: Bool

        public init(_ title: String, numeric: Bool = false) {
            self.title = title
            self.numeric = numeric
        }
    }

    /// What the table shows, read out by screen readers (`<caption>`).
    public var caption: String
    public var columns: [Column]
    public var rows: [[String]]
    /// The column whose cells name their row (`<th scope="row">`), if any.
    public var rowHeader: Int?

    public init(caption: String, columns: [Column], rows: [[String]], rowHeader: Int? = 0) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.rowHeader = rowHeader
    }
}
