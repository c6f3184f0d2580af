package dev.wharf.s3;

import dev.wharf.server.fs.PathRefusedException;
import dev.wharf.server.storage.Capability;
import dev.wharf.server.storage.Download;
import dev.wharf.server.storage.OffsetBeyondEndException;
import dev.wharf.server.storage.Storage;
import dev.wharf.server.storage.StorageEntry;
import dev.wharf.server.storage.StoragePath;
import dev.wharf.server.storage.Upload;
import dev.wharf.server.storage.UnsupportedCapabilityException;
import dev.wharf.server.storage.WriteMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * One user's files as the objects under a key prefix of a bucket (docs/storage.md, "S3").
 * A file {@code /docs/a.txt} is the object {@code <base>docs/a.txt}; a folder is every key that
 * starts with {@code <base>docs/}, and MKD makes it exist while empty with a zero-byte marker
 * object of that very key. Uploads are multipart uploads completed at commit ({@link S3Upload}),
 * downloads ranged GETs, listings delimiter listings. Nothing can be changed in place, so the
 * storage has no capability: APPE, REST+STOR, MFMT and SITE CHMOD are refused, and a rename is a
 * copy then a delete that a reader may see half done.
 */
public final class S3Storage extends Storage {
    /** S3 parts are at least 5 MiB, but the last; fewer, larger parts mean fewer requests. */
    static final int PART_SIZE = 8 << 20;
    /** CopyObject copies at most 5 GiB; a larger object is copied in parts (UploadPartCopy). */
    static final long LARGEST_SINGLE_COPY = 5L << 30;
    private static final long COPY_PART_SIZE = 512L << 20;
    /** S3 keys are at most 1024 bytes of UTF-8. */
    private static final int LONGEST_KEY = 1024;

    private final S3Client client;
    private final String bucket;
    private final String base;
    private final int folderRenameMaxObjects;

    /**
     * {@code base}: the key prefix of this storage's root, {@code ""} or ending in {@code /};
     * {@code folderRenameMaxObjects}: 0 to refuse renaming folders, else the most objects a
     * renamed folder may hold.
     */
    public S3Storage(S3Client client, String bucket, String base, int folderRenameMaxObjects) {
        if (!base.isEmpty() && !base.endsWith("/")) {
            throw new IllegalArgumentException("the base prefix must end with '/': " + base);
        }
        this.client = client;
        this.bucket = bucket;
        this.base = base;
        this.folderRenameMaxObjects = folderRenameMaxObjects;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    // ---- keys ----

    private String key(StoragePath path) throws PathRefusedException {
        String key = base + String.join("/", path.names());
        if (key.getBytes(StandardCharsets.UTF_8).length + 1 > LONGEST_KEY) { // + 1: a folder's marker
            throw new PathRefusedException("File name too long", true);
        }
        return key;
    }

    /** The prefix of everything in {@code folder}, which is also the key of its marker. */
    private String folderPrefix(StoragePath folder) throws PathRefusedException {
        return folder.isRoot() ? base : key(folder) + "/";
    }

    // ---- reading ----

    @Override
    protected StorageEntry readEntry(StoragePath path) throws IOException {
        if (path.isRoot()) {
            return folderEntry("", Instant.EPOCH);
        }
        Optional<HeadObjectResponse> file = head(key(path), path);
        if (file.isPresent()) {
            return fileEntry(path.name(), file.get().contentLength(), file.get().lastModified());
        }
        return folder(path).orElseThrow(() -> new NoSuchFileException(path.toString()));
    }

    /** The folder {@code path}, if its marker or anything under it exists; its time is its marker's. */
    private Optional<StorageEntry> folder(StoragePath path) throws IOException {
        String prefix = folderPrefix(path);
        ListObjectsV2Response first = call(path, () -> client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)));
        if (!first.hasContents() || first.contents().isEmpty()) {
            return Optional.empty();
        }
        S3Object any = first.contents().getFirst();
        // Keys sort in byte order, so the marker, the shortest key with this prefix, comes first.
        Instant modified = any.key().equals(prefix) ? any.lastModified() : Instant.EPOCH;
        return Optional.of(folderEntry(path.name(), modified));
    }

    private Optional<HeadObjectResponse> head(String key, StoragePath path) throws IOException {
        try {
            return Optional.of(call(path, () -> client.headObject(b -> b.bucket(bucket).key(key))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static StorageEntry fileEntry(String name, long size, Instant modified) {
        return new StorageEntry(name, StorageEntry.Type.FILE, size, modified, Optional.empty(), Optional.empty());
    }

    private static StorageEntry folderEntry(String name, Instant modified) {
        return new StorageEntry(name, StorageEntry.Type.DIRECTORY, 0, modified, Optional.empty(), Optional.empty());
    }

    @Override
    protected List<StorageEntry> readFolder(StoragePath folder) throws IOException {
        StorageEntry self = readEntry(folder);
        if (!self.isDirectory()) {
            throw new NotDirectoryException(folder.toString());
        }
        String prefix = folderPrefix(folder);
        // By name: a folder hides a file of the same name, which only another S3 client can make.
        var entries = new TreeMap<String, StorageEntry>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
        for (ListObjectsV2Response page : call(folder, () -> client.listObjectsV2Paginator(request))) {
            for (S3Object object : page.contents()) {
                String name = object.key().substring(prefix.length());
                int slash = name.indexOf('/');
                if (slash >= 0) {
                    // A folder's marker, which some services list as an object despite the delimiter.
                    String folderName = name.substring(0, slash);
                    if (listable(folderName)) {
                        entries.put(folderName, folderEntry(folderName, Instant.EPOCH));
                    }
                } else if (listable(name)) {
                    entries.putIfAbsent(name, fileEntry(name, object.size(), object.lastModified()));
                }
            }
            for (CommonPrefix sub : page.commonPrefixes()) {
                String name = sub.prefix().substring(prefix.length(), sub.prefix().length() - 1);
                if (listable(name)) {
                    entries.put(name, folderEntry(name, Instant.EPOCH));
                }
            }
        }
        return List.copyOf(entries.values());
    }

    /** Keys another client wrote may hold names no path can address: {@code a//b}, {@code a/./b}. */
    private static boolean listable(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('\0') < 0;
    }

    @Override
    protected Download openReader(StoragePath file, long offset) throws IOException {
        String key = key(file);
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = client.getObject(b -> b.bucket(bucket).key(key).range(offset == 0 ? null : "bytes=" + offset + "-"));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && folder(file).isPresent()) {
                throw isADirectory(file);
            }
            if (e.statusCode() == 416) {
                return emptyAtEndOrRefused(file, key, offset);
            }
            throw failure(e, file);
        } catch (SdkException e) {
            throw failure(e, file);
        }
        return new S3Download(body, wholeSize(body.response(), offset));
    }

    /** Content-Range: {@code bytes 4-9/10}; without a range, the length is the size. */
    private static long wholeSize(GetObjectResponse response, long offset) {
        String range = response.contentRange();
        if (offset == 0 || range == null) {
            return response.contentLength();
        }
        return Long.parseLong(range.substring(range.lastIndexOf('/') + 1).trim());
    }

    /** A range that starts at the end is refused by S3 (416), but REST to the size reads nothing. */
    private Download emptyAtEndOrRefused(StoragePath file, String key, long offset) throws IOException {
        long size = head(key, file).orElseThrow(() -> new NoSuchFileException(file.toString())).contentLength();
        if (offset > size) {
            throw new OffsetBeyondEndException(offset, size);
        }
        return new S3Download(null, size);
    }

    // ---- writing ----

    @Override
    protected Upload openUpload(StoragePath file, WriteMode mode) throws IOException {
        String key = key(file);
        return switch (mode) {
            case WriteMode.Replace r -> new S3Upload(this, file, key, false);
            case WriteMode.CreateNew c -> {
                takeName(file, key);
                yield new S3Upload(this, file, key, true);
            }
            case WriteMode.Append a -> throw new UnsupportedCapabilityException(Capability.APPEND);
            case WriteMode.AtOffset o -> throw new UnsupportedCapabilityException(Capability.RANDOM_ACCESS_WRITE);
        };
    }

    /** STOU: a zero-byte object, written only if no object has the key (If-None-Match: *). */
    private void takeName(StoragePath file, String key) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.empty());
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new FileAlreadyExistsException(file.toString());
            }
            throw failure(e, file);
        } catch (SdkException e) {
            throw failure(e, file);
        }
    }

    @Override
    protected void createFolder(StoragePath folder) throws IOException {
        if (find(folder).isPresent()) {
            throw new FileAlreadyExistsException(folder.toString());
        }
        String marker = folderPrefix(folder);
        call(folder, () -> client.putObject(b -> b.bucket(bucket).key(marker), RequestBody.empty()));
    }

    @Override
    protected void removeFolder(StoragePath folder) throws IOException {
        if (!readEntry(folder).isDirectory()) {
            throw new NotDirectoryException(folder.toString());
        }
        String marker = folderPrefix(folder);
        ListObjectsV2Response two = call(folder, () -> client.listObjectsV2(b -> b.bucket(bucket).prefix(marker).maxKeys(2)));
        if (two.contents().stream().anyMatch(o -> !o.key().equals(marker))) {
            throw new DirectoryNotEmptyException(folder.toString());
        }
        deleteKey(marker, folder);
    }

    @Override
    protected void removeFile(StoragePath file) throws IOException {
        String key = key(file);
        if (head(key, file).isEmpty()) {
            if (folder(file).isPresent()) {
                throw isADirectory(file);
            }
            throw new NoSuchFileException(file.toString());
        }
        deleteKey(key, file);
        keepFolder(file.parent());
    }

    /**
     * A folder that only existed through its files (written by another S3 client) would vanish
     * with its last file; a marker keeps it, as it would stay on a disk.
     */
    private void keepFolder(StoragePath folder) throws IOException {
        if (!folder.isRoot() && folder(folder).isEmpty()) {
            String marker = folderPrefix(folder);
            call(folder, () -> client.putObject(b -> b.bucket(bucket).key(marker), RequestBody.empty()));
        }
    }

    /**
     * A file: copied, then the original deleted; a reader may see both names for a moment, and
     * a failure between the two leaves both. A folder: refused, or where the settings allow,
     * every object under it copied and then deleted, if there are no more than the limit.
     */
    @Override
    protected void move(StoragePath from, StoragePath to) throws IOException {
        StorageEntry source = readEntry(from);
        if (!source.isDirectory()) {
            copy(key(from), key(to), source.size(), from);
            deleteKey(key(from), from);
        } else {
            moveFolder(from, to);
        }
        keepFolder(from.parent());
    }

    private void moveFolder(StoragePath from, StoragePath to) throws IOException {
        if (folderRenameMaxObjects == 0) {
            throw new PathRefusedException("This storage (S3) cannot rename a folder: rename the files in it instead", false);
        }
        String fromPrefix = folderPrefix(from);
        String toPrefix = folderPrefix(to);
        var objects = new ArrayList<S3Object>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(fromPrefix).build();
        for (ListObjectsV2Response page : call(from, () -> client.listObjectsV2Paginator(request))) {
            objects.addAll(page.contents());
            if (objects.size() > folderRenameMaxObjects) {
                throw new PathRefusedException("This storage (S3) renames a folder of at most "
                        + folderRenameMaxObjects + " files and folders; this one holds more", false);
            }
        }
        if (objects.stream().noneMatch(o -> o.key().equals(fromPrefix))) {
            call(to, () -> client.putObject(b -> b.bucket(bucket).key(toPrefix), RequestBody.empty()));
        }
        for (S3Object object : objects) {
            copy(object.key(), toPrefix + object.key().substring(fromPrefix.length()), object.size(), from);
        }
        for (S3Object object : objects) {
            deleteKey(object.key(), from);
        }
    }

    private void copy(String fromKey, String toKey, long size, StoragePath path) throws IOException {
        if (toKey.getBytes(StandardCharsets.UTF_8).length > LONGEST_KEY) {
            throw new PathRefusedException("File name too long", true);
        }
        if (size <= LARGEST_SINGLE_COPY) {
            call(path, () -> client.copyObject(b -> b.sourceBucket(bucket).sourceKey(fromKey)
                    .destinationBucket(bucket).destinationKey(toKey)));
            return;
        }
        String uploadId = call(path, () -> client.createMultipartUpload(b -> b.bucket(bucket).key(toKey))).uploadId();
        try {
            var parts = new ArrayList<CompletedPart>();
            for (long start = 0; start < size; start += COPY_PART_SIZE) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(start + COPY_PART_SIZE, size) - 1);
                String etag = call(path, () -> client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(fromKey)
                        .destinationBucket(bucket).destinationKey(toKey).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range))).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call(path, () -> client.completeMultipartUpload(b -> b.bucket(bucket).key(toKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))));
        } catch (IOException | RuntimeException e) {
            abortQuietly(toKey, uploadId);
            throw e;
        }
    }

    private void deleteKey(String key, StoragePath path) throws IOException {
        call(path, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    // ---- for S3Upload ----

    S3Client client() {
        return client;
    }

    String bucket() {
        return bucket;
    }

    /** Never throws: an upload that cannot be aborted now is left to the bucket's lifecycle rule. */
    void abortQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            S3Upload.LOG.warn("Could not abort the multipart upload of {} ({}): {}", key, uploadId, e.toString());
        }
    }

    // ---- failures ----

    interface S3Call<T> {
        T run();
    }

    /** Runs one request; its failure as the java.nio.file exception the replies know. */
    static <T> T call(StoragePath path, S3Call<T> request) throws IOException {
        try {
            return request.run();
        } catch (SdkException e) {
            throw failure(e, path);
        }
    }

    static IOException failure(SdkException e, StoragePath path) {
        if (e instanceof S3Exception s) {
            return switch (s.statusCode()) {
                case 404 -> new NoSuchFileException(path.toString());
                case 403 -> new AccessDeniedException(path.toString());
                default -> new IOException("S3 refused a request for " + path + ": " + s.statusCode() + " "
                        + (s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode()), e);
            };
        }
        return new IOException("S3 request for " + path + " failed: " + e.getMessage(), e);
    }
}
