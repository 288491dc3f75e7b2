package id.go.patikab.patimaju.data

import java.awt.image.BufferedImage
import java.io.ByteArrayOutputStream
import javax.imageio.ImageIO

/** Camera-like pictures for the photo pipeline, made on the JVM (no fixture files). */
object TestPhotos {
    /** A noisy 2000×1500 JPEG, so the core has to scale (to 1600 px) and re-encode it. */
    fun cameraJpeg(seed: Int = 1): ByteArray {
        val img = BufferedImage(2000, 1500, BufferedImage.TYPE_INT_RGB)
        for (y in 0 until 1500) {
            for (x in 0 until 2000) {
                val n = ((x * 2654435761L) xor (y * 40503L) xor seed.toLong()).mod(17L).toInt()
                img.setRGB(x, y, (((x / 8 + n) % 256) shl 16) or (((y / 6 + n) % 256) shl 8) or ((x + y) / 10 % 256))
            }
        }
        return ByteArrayOutputStream().also { ImageIO.write(img, "jpg", it) }.toByteArray()
    }
}
