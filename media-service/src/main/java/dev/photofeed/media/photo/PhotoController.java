package dev.photofeed.media.photo;

import dev.photofeed.common.auth.Caller;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.common.web.Cursors;
import dev.photofeed.common.web.Page;
import dev.photofeed.common.web.PathIds;
import dev.photofeed.media.user.KnownUsers;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

@RestController
class PhotoController {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final Photos photos;
    private final KnownUsers users;

    PhotoController(Photos photos, KnownUsers users) {
        this.photos = photos;
        this.users = users;
    }

    @PostMapping(path = "/api/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<PhotoView> upload(Caller caller, @RequestPart("file") MultipartFile file,
                                     @RequestParam(name = "caption", required = false) String caption) throws IOException {
        PhotoView photo = photos.upload(caller.id(), file.getBytes(), caption);
        return ResponseEntity.created(URI.create("/api/photos/" + photo.id())).body(photo);
    }

    @GetMapping("/api/photos/{id}")
    PhotoView photo(@PathVariable String id) {
        return PhotoView.of(existing(id));
    }

    @GetMapping("/api/photos/{id}/content")
    ResponseEntity<StreamingResponseBody> content(@PathVariable String id,
                                                  @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Photo photo = existing(id);
        return immutableBytes(photo.blobKey(), photo.sha256(), photo.mediaType(), photo.sizeBytes(), ifNoneMatch);
    }

    @GetMapping("/api/photos/{id}/thumbnails/{size}")
    ResponseEntity<StreamingResponseBody> thumbnail(@PathVariable String id, @PathVariable String size,
                                                    @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Photo photo = existing(id);
        if (!photo.thumbnailReady() || !size.equals(String.valueOf(Photo.THUMBNAIL))) {
            throw ApiException.notFound("thumbnail-not-found", "no " + size + " px thumbnail of photo " + id + " (yet)");
        }
        return immutableBytes(photo.thumbnailKey(), photo.sha256() + "-" + Photo.THUMBNAIL, "image/jpeg", -1, ifNoneMatch);
    }

    /** The bytes never change for a key: a strong ETag, cached for a year, 304 when the client has them. */
    private ResponseEntity<StreamingResponseBody> immutableBytes(String blobKey, String tag, String mediaType, long length,
                                                                 String ifNoneMatch) {
        String etag = "\"" + tag + "\"";
        CacheControl forever = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(304).eTag(etag).cacheControl(forever).build();
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().eTag(etag).cacheControl(forever)
                .contentType(MediaType.parseMediaType(mediaType));
        if (length >= 0) {
            response.contentLength(length);
        }
        return response.body(out -> {
            try (InputStream in = photos.open(blobKey)) {
                in.transferTo(out);
            }
        });
    }

    @GetMapping("/api/users/{id}/photos")
    Page<PhotoView> byOwner(@PathVariable String id, @RequestParam(required = false) Integer limit,
                            @RequestParam(required = false) String cursor) {
        long owner = PathIds.parse(id, "user-not-found", "user");
        int pageSize = Page.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        long before = Cursors.decode(cursor, Long.MAX_VALUE);
        if (!users.exists(owner)) {
            throw ApiException.notFound("user-not-found", "no user with id " + id);
        }
        return Page.of(photos.byOwner(owner, before, pageSize), pageSize,
                PhotoView::of, photo -> Cursors.encode(photo.id()));
    }

    private Photo existing(String id) {
        long photoId = PathIds.parse(id, "photo-not-found", "photo");
        return photos.find(photoId).orElseThrow(() -> ApiException.notFound("photo-not-found",
                "no photo with id " + PhotofeedId.format(photoId)));
    }

    /** If-None-Match uses weak comparison (RFC 9110 13.1.2): a W/ prefix is ignored; * matches anything. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
