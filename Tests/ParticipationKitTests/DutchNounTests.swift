import Foundation
import ParticipationKitTestSupport
import Testing

@testable import ParticipationKit

@Suite("DutchNoun")
struct DutchNounTests {
    @Test("the singular goes with 1 only; 0 and every other count take the plural, with Dutch thousands")
    func counted() {
        let noun = DutchNoun("reactie", "reacties")
        #expect(noun.counted(1) == "1 reactie")
        #expect(noun.counted(0) == "0 reacties")
        #expect(noun.counted(2) == "2 reacties")
        #expect(noun.counted(4000) == "4.000 reacties")
        #expect(DutchNoun.inbreng.counted(1) == "1 stuk inbreng")
        #expect(DutchNoun.inbreng.counted(3) == "3 stuks inbreng")
        #expect(DutchNoun.agreeing(1, "heeft", "hebben") == "heeft")
        #expect(DutchNoun.agreeing(0, "heeft", "hebben") == "hebben")
    }

    @Test("beide for two, alle N for more, nothing for one or none")
    func all() {
        #expect(DutchNoun.all(0) == nil)
        #expect(DutchNoun.all(1) == nil)
        #expect(DutchNoun.all(2) == "beide")
        #expect(DutchNoun.all(3) == "alle 3")
        #expect(DutchNoun.all(1200) == "alle 1.200")
    }

    @Test("a label's regular plural where it is beyond doubt, and none where it is not")
    func regularPlurals() {
        #expect(DutchNoun.regularPlural(of: "Inspraakreactie") == "Inspraakreacties")
        #expect(DutchNoun.regularPlural(of: "Reactie op de uitvoering") == "Reacties op de uitvoering")
        #expect(DutchNoun.regularPlural(of: "Uitdaging") == "Uitdagingen")
        #expect(DutchNoun.regularPlural(of: "Idee") == "Ideeën")
        #expect(DutchNoun.regularPlural(of: "Zienswijze") == "Zienswijzen")
        for label in ["Voorstel", "Advies", "Signaal uit de uitvoering", "Categorie", "Punt uit de brief", "Verzoek", ""] {
            #expect(DutchNoun.regularPlural(of: label) == nil, "\(label)")
        }
    }

    @Test("inside a sentence the first letter is small, unless the word starts with two capitals")
    func lowercased() {
        #expect(DutchNoun("Idee", "Ideeën").lowercased == DutchNoun("idee", "ideeën"))
        #expect(DutchNoun("AVG-verzoek", "AVG-verzoeken").lowercased == DutchNoun("AVG-verzoek", "AVG-verzoeken"))
    }

    @Test("the count checker finds what the issue found, and lets right Dutch pass")
    func checker() {
        for wrong in [
            "Alle 2 reacties hebben een antwoord.", "2 van de 2 voorstel", "1 van de 1 idee", "De ene reactie heeft een antwoord",
            "Er zijn 1 reacties.", "Antwoord uiterlijk: 2 × punt uit de brief", "alle 1 verstuurd", "3 dag te laat", "1 stuks inbreng",
        ] {
            #expect(!DutchCounts.problems(wrong).isEmpty, "\(wrong)")
        }
        for right in [
            "Beide reacties hebben een antwoord.", "1 van de 2 voorstellen", "Er is 1 idee, nog zonder antwoord", "11 reacties",
            "1.000 reacties", "Antwoord uiterlijk: 2 punten uit de brief", "1 dag te laat", "R-0001 antwoord na de termijn",
            "Punt 10 in 2026", "1 stuk inbreng",
        ] {
            #expect(DutchCounts.problems(right).isEmpty, "\(right): \(DutchCounts.problems(right))")
        }
    }
}
