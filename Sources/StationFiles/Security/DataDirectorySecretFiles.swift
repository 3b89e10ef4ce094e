// The charge point's key material as files in one directory of the data directory: each file
// written through a temporary file that is flushed and renamed, with permissions 0600 from its
// creation, so no other user ever reads a private key.

import Glibc
public import StationCore
import SystemCalls

/// Secret files in `directory` (created 0700 when missing). Safe to use from any isolation.
public struct DataDirectorySecretFiles: SecretFiles {
    /// The directory that holds the files.
    public let directory: String

    /// Uses `directory`, creating it (0700) when it does not exist.
    public init(directory: String) throws(StoreError) {
        self.directory = directory
        do throws(SystemCallError) {
            _ = try systemCall("mkdir", directory) { mkdir(directory, 0o700) }
        } catch where error.errno == .fileExists {
        } catch {
            throw StoreError("\(error)")
        }
    }

    private func path(_ file: SecretFile) -> String { directory + "/" + file.rawValue }

    public func load(_ file: SecretFile) throws(StoreError) -> [UInt8]? {
        do throws(SystemCallError) {
            return try FileSystem.readFile(path(file), limit: 1 << 20)
        } catch where error.errno == .noSuchFile {
            return nil
        } catch {
            throw StoreError("\(error)")
        }
    }

    public func save(_ file: SecretFile, _ bytes: [UInt8]) throws(StoreError) {
        do throws(SystemCallError) {
            try FileSystem.writeAtomically(bytes, to: path(file), mode: 0o600)
        } catch {
            throw StoreError("\(error)")
        }
    }

    public func remove(_ file: SecretFile) {
        FileSystem.remove(path(file))
    }
}
