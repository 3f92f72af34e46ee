import AccordAPI
import Crypto
import Foundation
import Testing

@testable import Handlers

@Suite("Constitution: detached Ed25519 signatures over the canonical document")
struct ConstitutionSignatureTests {
    static let rules =
        #"[{"id": "no-exfiltration", "effect": "forbid", "description": "d", "condition": {"op": "eq", "attribute": "action", "value": "data.export"}}]"#

    static func request(version: Int32 = 1, signedBy key: Curve25519.Signing.PrivateKey, keyID: String = "board", rules: String = rules)
        throws
        -> PutConstitutionRequest
    {
        let parsed = try PolicyEngineTests.rules(rules)
        let document = try ConstitutionSignature.document(version: Int(version), rules: parsed, metadata: ["title": "Charter"])
        return PutConstitutionRequest(
            version: version, rules: parsed, metadata: ["title": "Charter"],
            signature: try key.signature(for: document).base64EncodedString(),
            keyID: keyID)
    }

    @Test("a correctly signed document verifies; a tampered one, a stranger's key or an unknown key id does not")
    func verification() throws {
        let board = Curve25519.Signing.PrivateKey()
        let trusted = ["board": board.publicKey]
        guard case .success(let hash) = try ConstitutionSignature.verify(try Self.request(signedBy: board), trusted: trusted) else {
            Issue.record("a valid signature was refused")
            return
        }
        #expect(hash.count == 64)

        var tampered = try Self.request(signedBy: board)
        tampered.rules[0].effect = .permit
        #expect(try ConstitutionSignature.verify(tampered, trusted: trusted) == .failure(.badSignature))
        #expect(
            try ConstitutionSignature.verify(try Self.request(signedBy: Curve25519.Signing.PrivateKey()), trusted: trusted)
                == .failure(.badSignature))
        #expect(
            try ConstitutionSignature.verify(try Self.request(signedBy: board, keyID: "mallory"), trusted: trusted)
                == .failure(.unknownSigner("mallory")))
        var garbled = try Self.request(signedBy: board)
        garbled.signature = "bm90IGEgc2lnbmF0dXJl"
        #expect(try ConstitutionSignature.verify(garbled, trusted: trusted) == .failure(.malformedSignature))
    }
}
