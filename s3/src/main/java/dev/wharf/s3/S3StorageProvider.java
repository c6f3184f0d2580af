package dev.wharf.s3;

import dev.wharf.server.auth.User;
import dev.wharf.server.storage.Storage;
import dev.wharf.server.storage.StorageProvider;
import java.io.IOException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each user's files in one bucket, under {@code <prefix><user name>/}: alice's {@code /docs/a.txt}
 * is the object {@code <prefix>alice/docs/a.txt}. The user's home folder is not used. All users
 * share one S3 client, which {@link #close()} closes.
 */
public final class S3StorageProvider implements StorageProvider, AutoCloseable {
    private final S3Client client;
    private final S3Settings settings;

    public S3StorageProvider(S3Settings settings) {
        this.settings = settings;
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(settings.credentials())
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: since SDK 2.30 every PUT otherwise carries a
                // streamed CRC trailer (aws-chunked), which many S3-compatible services refuse.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.client = builder.build();
    }

    @Override
    public Storage open(User user) throws IOException {
        String name = user.name();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            throw new IOException("A user name that cannot be an S3 key prefix: " + name);
        }
        return new S3Storage(client, settings.bucket(), settings.prefix() + name + "/", settings.folderRenameMaxObjects());
    }

    /** The client every storage of this provider uses; for tools and tests that look at the bucket. */
    public S3Client client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
