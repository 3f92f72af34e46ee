import AccordRuntime
import Foundation
import Testing

@testable import AccordClientRuntime

@Suite("RetryPolicy and Retry-After")
struct RetryPolicyTests {
    @Test("defaults are 3 attempts backing off from 100 ms, doubling, up to 2 s; none is one attempt")
    func defaults() {
        #expect(
            RetryPolicy.default
                == RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(100), maximumBackoff: .seconds(2), multiplier: 2))
        #expect(RetryPolicy.none.maxAttempts == 1)
    }

    @Test("the backoff ceiling grows by the multiplier and stops at maximumBackoff")
    func backoffCeiling() {
        let policy = RetryPolicy.default
        #expect(policy.backoffCeiling(afterAttempt: 1) == .milliseconds(100))
        #expect(policy.backoffCeiling(afterAttempt: 2) == .milliseconds(200))
        #expect(abs((policy.backoffCeiling(afterAttempt: 5) - .milliseconds(1600)).inSeconds) < 1e-9)
        #expect(policy.backoffCeiling(afterAttempt: 6) == .seconds(2))
        #expect(policy.backoffCeiling(afterAttempt: 10_000) == .seconds(2))
    }

    @Test("jittered delays stay within zero and the ceiling, and vary")
    func fullJitter() {
        let policy = RetryPolicy.default
        let delays = (0..<200).map { _ in policy.delay(afterAttempt: 3, retryAfter: nil) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(delays).count > 100)
    }

    @Test("Retry-After replaces the backoff, capped at four times maximumBackoff")
    func retryAfterCap() {
        let policy = RetryPolicy.default
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(60)) == .seconds(8))
    }

    @Test("Retry-After is read as seconds or as any of the three HTTP date forms")
    func parsesRetryAfter() throws {
        let now = try #require(RetryAfter.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(RetryAfter.delay(from: "1", now: now) == .seconds(1))
        #expect(RetryAfter.delay(from: " 120 ", now: now) == .seconds(120))
        #expect(RetryAfter.delay(from: "Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay(from: "Sunday, 06-Nov-94 08:50:37 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.delay(from: "Sun Nov  6 08:49:39 1994", now: now) == .seconds(2))
        #expect(RetryAfter.delay(from: "Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.delay(from: "-1", now: now) == nil)
        #expect(RetryAfter.delay(from: "soon", now: now) == nil)
        #expect(RetryAfter.delay(from: "", now: now) == nil)
    }
}
