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

    /// The table CSV writes, when it is not the first table of the document (the audit writes
    /// its overview with the at-a-glance answer and the counts in one table).
    public var csvTable: ReportTable?

    public init(
        title: String, subtitle: String? = nil, sections: [ReportSection] = [], notices: [String] = [], csvTable: ReportTable? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.notices = notices
        self.csvTable = csvTable
    }

    /// What every status, report and page of an exercise store says.
    public static let exerciseNotice = "Oefenopslag — de klok is ingesteld; geen verantwoording."

    /// What status and the audit say while no role is granted.
    public static let openRolesNotice =
        "Rollen niet afgeschermd: iedereen die de opslag mag beschrijven, kan in elke rol handelen (er is geen rol toegekend)."

    /// The tables of the document, in order; CSV output writes ``csvTable`` or else the first.
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
    /// A chart: inline SVG in HTML with its description beside it; the description alone in
    /// text and Markdown.
    case chart(ReportChart)
    /// Something the reader must not miss, such as answers that were never sent: shown as
    /// "Let op: …", marked in every format (in HTML as the notices are).
    case warning(String)
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
    /// How plain text writes the table, when not as aligned columns: one line per row, never
    /// wrapped (the audit's answer at a glance: one line per process, whatever its title).
    public var textLines: [String]?

    public init(caption: String, columns: [Column], rows: [[String]], rowHeader: Int? = 0, textLines: [String]? = nil) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.rowHeader = rowHeader
        self.textLines = textLines
    }
}

/// A small chart for people who would rather look than read: verdict shares, days to
/// feedback, open letters by age.
///
/// Every chart carries its own text alternative, ``summary``: one or more sentences with every
/// number in it, which HTML shows under the picture (for a screen reader and on paper) and text
/// and Markdown print instead of the picture. The picture adds nothing the summary does not say.
public struct ReportChart: Hashable, Sendable {
    /// How the rows are drawn.
    public enum Style: Hashable, Sendable {
        /// Each row is one bar of 100%, split into the shares of its values, one per series.
        case shares
        /// Each row is one bar whose length is its first value, all on one scale; a row's
        /// ``Row/marker`` is drawn as a thin line beyond it (for example the longest beside the
        /// median).
        case bars
    }

    /// A series: what one value of each row means, with the colour it is drawn in.
    public struct Series: Hashable, Sendable {
        public var label: String
        /// An index into the chart palette, so that one verdict has one colour in every chart.
        public var tone: Int

        public init(_ label: String, tone: Int) {
            self.label = label
            self.tone = tone
        }
    }

    /// One bar.
    public struct Row: Hashable, Sendable {
        public var label: String
        /// One value per series.
        public var values: [Double]
        public var marker: Double?
        /// The numbers in words, written beside the label ("mediaan 14, langst 61 dagen").
        public var note: String

        public init(label: String, values: [Double], marker: Double? = nil, note: String) {
            self.label = label
            self.values = values
            self.marker = marker
            self.note = note
        }
    }

    public var title: String
    /// The text alternative: what the chart shows, with every number.
    public var summary: String
    public var style: Style
    public var series: [Series]
    public var rows: [Row]

    public init(title: String, summary: String, style: Style, series: [Series], rows: [Row]) {
        self.title = title
        self.summary = summary
        self.style = style
        self.series = series
        self.rows = rows
    }
}
