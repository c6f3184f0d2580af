package dev.wharf.s3;

import java.net.URI;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 implementation in the test's JVM: S3Proxy on jclouds' in-memory blob store, listening
 * on a free loopback port, with one bucket. Not AWS, but the same REST API, signatures, multipart
 * uploads and listings, spoken over real HTTP by the real SDK. Public for the cli's cluster test,
 * whose Wharf processes share it.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String BUCKET = "wharf-test";
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final S3StorageProvider provider;

    private LocalS3(BlobStoreContext blobs, S3Proxy proxy, S3StorageProvider provider) {
        this.blobs = blobs;
        this.proxy = proxy;
        this.provider = provider;
    }

    public static LocalS3 start() throws Exception {
        return start("transient", new Properties());
    }

    private static LocalS3 shared;

    /**
     * One in-memory S3 for every test class of this JVM that asks (each works under prefixes of its
     * own), stopped when the JVM ends: started once, not once per class.
     */
    static synchronized LocalS3 shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start S3Proxy", e);
            }
            LocalS3 s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // the JVM is ending
                }
            }, "local-s3-stop"));
        }
        return shared;
    }

    /** {@code provider}: a jclouds blob store, "transient" (in memory) or "filesystem" (with its basedir). */
    static LocalS3 start(String blobStore, Properties overrides) throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder(blobStore).credentials("identity", "credential")
                .overrides(overrides).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        var provider = new S3StorageProvider(settings(URI.create("http://127.0.0.1:" + proxy.getPort())));
        provider.client().createBucket(b -> b.bucket(BUCKET));
        return new LocalS3(blobs, proxy, provider);
    }

    private static S3Settings settings(URI endpoint) {
        return S3Settings.of(BUCKET).withEndpoint(endpoint, true)
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** How Wharf reaches this S3: path-style, the test keys, no key prefix. */
    S3Settings settings() {
        return settings(endpoint());
    }

    S3Client client() {
        return provider.client();
    }

    /** Every key under {@code base} (markers with their trailing slash), sorted. */
    Set<String> keys(String base) {
        var keys = new TreeSet<String>();
        client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(base)).contents().stream()
                .map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /** The keys of the multipart uploads under {@code base} that were neither completed nor aborted. */
    Set<String> unfinishedUploads(String base) {
        var keys = new TreeSet<String>();
        client().listMultipartUploadsPaginator(b -> b.bucket(BUCKET).prefix(base)).uploads().stream()
                .map(MultipartUpload::key).forEach(keys::add);
        return keys;
    }

    /**
     * Everything stored under {@code base} as StoragePath strings ({@code /docs}, {@code /docs/a.txt}),
     * an unfinished multipart upload as {@code /a.txt (unfinished multipart upload)}.
     */
    Set<String> everythingUnder(String base) {
        var all = new TreeSet<String>();
        for (String key : keys(base)) {
            String rest = key.substring(base.length());
            all.add("/" + (rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest));
        }
        all.remove("/"); // the root's marker, should another client have made one
        for (String key : unfinishedUploads(base)) {
            all.add("/" + key.substring(base.length()) + " (unfinished multipart upload)");
        }
        return all;
    }


    @Override
    public void close() throws Exception {
        provider.close();
        proxy.stop();
        blobs.close();
    }
}
