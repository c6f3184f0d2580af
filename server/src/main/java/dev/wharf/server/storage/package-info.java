/**
 * Where a user's files live, behind one small interface so that transfers stop assuming a local
 * disk. {@link dev.wharf.server.storage.Storage} is both what the command handlers call and what a
 * backend implements: its public methods are final and enforce the rules every backend shares
 * (capabilities, the root, parent folders), and a backend fills in the protected methods. That is
 * why this is one package and not an {@code api} and an {@code spi} package: there is only one
 * type to learn. {@link dev.wharf.server.storage.LocalStorage} is the backend for any
 * {@code java.nio.file} root (the local disk, Jimfs).
 *
 * <p>Nothing here names a {@code java.nio.file.Path} or a {@code FileChannel} in a signature a
 * backend must implement: paths are {@link dev.wharf.server.storage.StoragePath}s, relative to the
 * storage root, and data flows through {@link dev.wharf.server.storage.Upload} and
 * {@link dev.wharf.server.storage.Download}. See docs/storage.md.
 */
package dev.wharf.server.storage;
