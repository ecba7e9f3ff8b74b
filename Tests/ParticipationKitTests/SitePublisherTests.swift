import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

/// Publishing a site in one go: a new folder beside the old one, swapped in; never a file
/// deleted that the site did not make; a failure leaves the earlier site as it was.
@Suite("Site publisher", .serialized)
struct SitePublisherTests {
    /// A small site of an exercise store, and the folder it lives in.
    static func site(_ path: String, title: String = "Plein") throws -> Site {
        let store = try SiteTests.store(path + "/store", text: title)
        return try SiteTests.site(store)
    }

    /// Every name in a folder, hidden ones too.
    static func names(_ folder: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    static func read(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    @Test("a new folder gets every file and the manifest; nothing else is left beside it")
    func fresh() throws {
        let path = TestSupport.temporaryDirectory("publish-fresh")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let site = try Self.site(path)
        let outcome = try SitePublisher.publish(site, to: path + "/site/")
        #expect(!outcome.replacedEarlierSite && outcome.files == site.paths.count + 1)
        #expect(Self.names(path + "/site") == (site.paths + [Site.manifestName]).sorted())
        for file in site.files() { #expect(Self.read(path + "/site/" + file.path) == file.bytes, "\(file.path)") }
        #expect(Self.names(path) == ["site", "store"])
        var info = stat()
        #expect(stat(path + "/site/index.html", &info) == 0 && info.st_mode & 0o777 == 0o644)
        #expect(stat(path + "/site", &info) == 0 && info.st_mode & 0o777 == 0o755)
    }

    @Test(
        "an empty folder is filled; a folder with an earlier site is replaced whole, by exchange and by two renames",
        arguments: [false, true])
    func replace(_ withoutExchange: Bool) throws {
        SitePublisher.exchangeDisabled.withLock { $0 = withoutExchange }
        defer { SitePublisher.exchangeDisabled.withLock { $0 = false } }
        let path = TestSupport.temporaryDirectory("publish-replace")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path + "/site", withIntermediateDirectories: false)
        let first = try Self.site(path + "/a", title: "Eerste")
        #expect(try SitePublisher.publish(first, to: path + "/site").replacedEarlierSite == false)
        // The earlier site has a page the new one does not: it goes with the rest.
        let second = try SiteTests.site(try SiteTests.store(path + "/b", text: "Tweede"), options: Site.Options(inputsPerPage: 1))
        #expect(second.paths.contains("proces-inspraak-1--inbreng-2.html") && !first.paths.contains("proces-inspraak-1--inbreng-2.html"))
        let outcome = try SitePublisher.publish(second, to: path + "/site")
        #expect(outcome.replacedEarlierSite && outcome.leftover == nil)
        #expect(Self.names(path + "/site") == (second.paths + [Site.manifestName]).sorted())
        #expect(String(decoding: Self.read(path + "/site/index.html"), as: UTF8.self).contains("Herinrichting Tweede"))
        #expect(Self.names(path) == ["a", "b", "site"], "\(Self.names(path))")
        // And back: the smaller site removes the pages of inputs.
        try SitePublisher.publish(first, to: path + "/site")
        #expect(Self.names(path + "/site") == (first.paths + [Site.manifestName]).sorted())
    }

    @Test("a folder with files the site did not make is refused, and nothing is written or removed")
    func foreign() throws {
        let path = TestSupport.temporaryDirectory("publish-foreign")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let site = try Self.site(path)
        let www = path + "/www"
        try FileManager.default.createDirectory(atPath: www + "/oud", withIntermediateDirectories: true)
        try Data("<h1>Gemeente</h1>".utf8).write(to: URL(fileURLWithPath: www + "/index.html"))
        #expect(throws: SiteError.self) { try SitePublisher.publish(site, to: www) }
        do {
            try SitePublisher.publish(site, to: www)
        } catch {
            #expect(error.kind == .refused && error.message.contains("index.html") && error.message.contains("niets geschreven"))
        }
        #expect(Self.names(www) == ["index.html", "oud"])
        #expect(Self.read(www + "/index.html") == Array("<h1>Gemeente</h1>".utf8))
        #expect(Self.names(path) == ["store", "www"])

        // An earlier site with one file added by hand is no longer only the site's: refused too.
        let site2 = path + "/site"
        try SitePublisher.publish(site, to: site2)
        try Data("eigen".utf8).write(to: URL(fileURLWithPath: site2 + "/contact.html"))
        #expect(throws: SiteError.self) { try SitePublisher.publish(site, to: site2) }
        #expect(Self.read(site2 + "/contact.html") == Array("eigen".utf8))
        // So is a manifest that lists a file that is now a folder.
        try FileManager.default.removeItem(atPath: site2 + "/contact.html")
        try FileManager.default.removeItem(atPath: site2 + "/audit.html")
        try FileManager.default.createDirectory(atPath: site2 + "/audit.html", withIntermediateDirectories: false)
        #expect(throws: SiteError.self) { try SitePublisher.publish(site, to: site2) }
        #expect(Self.names(path) == ["site", "store", "www"])
    }

    @Test("a symbolic link, a file, a missing parent and . are refused before anything is written")
    func refusals() throws {
        let path = TestSupport.temporaryDirectory("publish-refusals")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let site = try Self.site(path)
        try FileManager.default.createDirectory(atPath: path + "/echt", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: path + "/koppeling", withDestinationPath: path + "/echt")
        try Data("x".utf8).write(to: URL(fileURLWithPath: path + "/bestand"))
        for target in [path + "/koppeling", path + "/bestand", path + "/nergens/site", ".", path + "/.."] {
            do {
                try SitePublisher.publish(site, to: target)
                Issue.record("\(target) is niet geweigerd")
            } catch {
                #expect(error.kind == .refused, "\(target): \(error)")
            }
        }
        #expect(Self.names(path) == ["bestand", "echt", "koppeling", "store"])
        #expect(Self.names(path + "/echt").isEmpty)
    }

    @Test("when writing fails halfway, the new folder is taken away and the earlier site stays as it was")
    func failure() throws {
        let path = TestSupport.temporaryDirectory("publish-failure")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try Self.site(path + "/a", title: "Eerste")
        try SitePublisher.publish(first, to: path + "/site")
        let before = Self.names(path + "/site").map { ($0, Self.read(path + "/site/" + $0)) }
        let second = try Self.site(path + "/b", title: "Tweede")
        SitePublisher.failingAfterFiles.withLock { $0 = 3 }
        defer { SitePublisher.failingAfterFiles.withLock { $0 = nil } }
        do {
            try SitePublisher.publish(second, to: path + "/site")
            Issue.record("het schrijven faalde niet")
        } catch {
            #expect(error.kind == .io)
        }
        let after = Self.names(path + "/site").map { ($0, Self.read(path + "/site/" + $0)) }
        #expect(after.map(\.0) == before.map(\.0) && after.map(\.1) == before.map(\.1))
        #expect(Self.names(path) == ["a", "b", "site"], "\(Self.names(path))")
    }
}
