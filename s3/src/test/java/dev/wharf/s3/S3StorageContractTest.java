package dev.wharf.s3;

import dev.wharf.server.storage.Storage;
import dev.wharf.server.storage.StorageContract;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/**
 * The contract every storage keeps, against S3Storage on a real S3 implementation. S3 has none of
 * the capabilities, so the contract skips the in-place writes, MFMT and chmod, and checks instead
 * that each is refused. Folder rename is allowed here (a bounded copy), so the contract's rename
 * cases run; S3StorageTest checks the refusal without the setting.
 */
class S3StorageContractTest extends StorageContract {
    private static final LocalS3 s3 = LocalS3.shared();
    private String base;

    @Override
    protected Storage newStorage() {
        base = "contract/" + UUID.randomUUID() + "/";
        return new S3Storage(s3.client(), LocalS3.BUCKET, base, 100);
    }

    @Override
    protected Set<String> everythingStored() throws IOException {
        return s3.everythingUnder(base);
    }
}
