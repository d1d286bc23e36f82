import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure a user can act on, said in one plain line: the file, then why.
/// Foundation's error texts (NSCocoaErrorDomain …) never reach the user.
public struct FileProblem: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The reason for an errno, in words.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "not found"
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the file system is read-only"
        case ENOTDIR: return "a file is in the way where a folder is wanted"
        case EISDIR: return "is a folder, not a file"
        case ELOOP: return "a symbolic link loop"
        case ENAMETOOLONG: return "the name is too long"
        case EIO: return "an input/output error"
        default: return String(cString: strerror(code))
        }
    }

    /// Any error as a plain reason: Foundation's file errors are read for their errno.
    public static func reason(of error: any Error) -> String {
        if let problem = error as? FileProblem { return problem.reason }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return reason(errno: Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(errno: Int32(underlying.code))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "not found"
            case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
            case .fileWriteOutOfSpace: return "the disk is full"
            case .fileWriteVolumeReadOnly: return "the file system is read-only"
            default: return "cannot read or write the file"
            }
        }
        return "\(error)"
    }
}

package enum InputFile {
    /// Why `path` cannot be read as an input file, or nil when it can: missing, a
    /// broken link or a link loop, a folder, something else than a file, unreadable.
    package static func problem(_ path: String) -> FileProblem? {
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            var link = stat()
            if code == ENOENT && lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                return FileProblem(path, "a broken symbolic link (to \(target), which does not exist)")
            }
            if code == ENOENT { return FileProblem(path, "file not found") }
            return FileProblem(path, FileProblem.reason(errno: code))
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return FileProblem(path, "is a folder, not a file")
        case S_IFREG: break
        case S_IFIFO, S_IFCHR: return nil  // a pipe or /dev/stdin: read as a stream
        default: return FileProblem(path, "not a regular file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return FileProblem(path, FileProblem.reason(errno: errno)) }
        close(fd)
        return nil
    }
}

package enum OutputFolder {
    /// Creates `path` (and its parents) if needed and checks that files can be
    /// created in it; throws a plain `FileProblem` naming the path that is wrong.
    /// The folder part of `path`: `a/b` for `a/b/c`, `/` for `/a`, "" for a bare
    /// name. Foundation's `deletingLastPathComponent` traps on a one-letter name
    /// (`--output b`), so paths the user types are cut here.
    package static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    package static func prepare(_ path: String) throws(FileProblem) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw FileProblem(path, "is a file, not a folder (choose another --output)")
            }
        } else {
            // Walk down from the first missing ancestor so the message names the culprit.
            var missing: [String] = []
            var current = (path as NSString).standardizingPath
            while !current.isEmpty && current != "/" && stat(current, &info) != 0
                && (errno == ENOENT || errno == ENOTDIR)
            {
                missing.append(current)
                current = Self.parent(of: current)
            }
            if !current.isEmpty && stat(current, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR {
                throw FileProblem(current, "is a file, not a folder, so \(path) cannot be created")
            }
            for dir in missing.reversed() where mkdir(dir, 0o777) != 0 && errno != EEXIST {
                throw FileProblem(dir, "cannot create the folder: \(FileProblem.reason(errno: errno))")
            }
        }
        guard access(path, W_OK | X_OK) == 0 else {
            let code = errno
            throw FileProblem(
                path, code == EROFS ? "the folder is on a read-only file system" : "the folder is not writable")
        }
    }
}

/// Read once, before any thread writes files (umask can only be read by setting it).
private let processUmask: mode_t = {
    let mask = umask(0o022)
    umask(mask)
    return mask
}()

package enum AtomicOutput {
    /// Writes `bytes` to a new, randomly named hidden file beside `target`
    /// (created exclusively: never a file or link that was there) and renames it
    /// into place. A failure (disk full, a kill) leaves any previous `target` intact.
    package static func write(_ bytes: UnsafeRawBufferPointer, to target: URL) throws {
        let dir = target.deletingLastPathComponent().path
        var template = Array("\(dir)/.\(target.lastPathComponent).XXXXXX.tmp".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else { throw FileProblem(target.path, "cannot write: \(FileProblem.reason(errno: errno))") }
        let temp = String(nulTerminated: template)
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = FileProblem.reason(errno: n < 0 ? errno : ENOSPC)
                close(fd)
                unlink(temp)
                throw FileProblem(target.path, "cannot write: \(reason)")
            }
            offset += n
        }
        // mkstemp makes the file 0600; an output gets the mode open(2) would give it.
        fchmod(fd, 0o666 & ~processUmask)
        // close reports a deferred write error (NFS, quotas).
        guard close(fd) == 0 else {
            let reason = FileProblem.reason(errno: errno)
            unlink(temp)
            throw FileProblem(target.path, "cannot write: \(reason)")
        }
        guard rename(temp, target.path) == 0 else {
            let reason = FileProblem.reason(errno: errno)
            unlink(temp)
            throw FileProblem(target.path, "cannot write: \(reason)")
        }
    }

    package static func write(_ data: Data, to target: URL) throws {
        try data.withUnsafeBytes { try write($0, to: target) }
    }

    /// The string's own UTF-8 is written: no second copy of a long document in memory.
    package static func write(_ text: String, to target: URL) throws {
        var text = text
        text.makeContiguousUTF8()
        let done: Void? = try text.utf8.withContiguousStorageIfAvailable {
            try write(UnsafeRawBufferPointer($0), to: target)
        }
        if done == nil { try write(Data(text.utf8), to: target) }
    }
}

extension String {
    /// The text of a NUL-terminated C buffer: a `mkstemp` template once filled in.
    package init(nulTerminated chars: [CChar]) {
        self.init(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
