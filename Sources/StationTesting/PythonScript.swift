// Starts a python script of the package from the virtual environment made by scripts/bootstrap,
// as a `TestProcess`: the base of the fixture servers of the tests and of the python peers of
// the benchmarks.

public import Foundation

/// The package's python scripts, run with `.venv/bin/python` at the package root.
public enum PythonScript {
    /// The package's root: the nearest directory above this source file holding Package.swift.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The virtual environment's python (made by scripts/bootstrap); throws when it is missing.
    public static func python() throws(TestProcessError) -> URL {
        let python = packageRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw TestProcessError(process: "python", failure: "\(python.path) missing: run scripts/bootstrap")
        }
        return python
    }

    /// Starts `script` (a path relative to the package root) with `arguments`. Its standard input
    /// is a pipe (closing it, as `stop()` does first, asks the fixture scripts to end), its
    /// standard output is captured line by line, its standard error inherited or, when `quiet`,
    /// discarded. Throws when python is missing or the script cannot start.
    public static func start(_ script: String, arguments: [String] = [], quiet: Bool = false) throws(TestProcessError) -> TestProcess {
        let python: URL
        do {
            python = try Self.python()
        } catch {
            throw TestProcessError(process: script, failure: error.failure)
        }
        return try TestProcess(
            python, arguments: [packageRoot.appendingPathComponent(script).path] + arguments,
            input: .pipe, output: .captured, errors: quiet ? .discarded : .inherited, name: script
        )
    }
}
