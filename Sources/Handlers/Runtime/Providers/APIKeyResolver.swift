import AccordAPI
import Foundation

/// Reads a provider's API key from where its `api_key_ref` points, at the moment of use, so a
/// rotated secret (a new file content, a restarted process's environment) takes effect without
/// touching the provider; the key is never stored or returned.
enum APIKeyResolver {
    /// Why a key cannot be read.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func key(for reference: APIKeyRef, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        switch reference {
        case .none: return nil
        case .env(let env):
            guard let value = environment[env.variable], !value.isEmpty else {
                throw Unavailable(description: "the environment variable \(env.variable) is not set")
            }
            return value
        case .file(let file):
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw Unavailable(description: "the file \(file.path) cannot be read")
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw Unavailable(description: "the file \(file.path) is empty") }
            return value
        case .undocumented(let source, _):
            throw Unavailable(description: "api_key_ref source \(source) is not one this server reads")
        }
    }
}
