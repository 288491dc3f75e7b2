//! What the WebKitGTK view may do beyond showing pages: the camera for complaint
//! photos, and (in kiosk mode) no file dialogs.
//!
//! WebKitGTK ships with `getUserMedia` switched off and refuses every permission
//! request no handler answers; wry installs no handler. So the app turns media
//! streams on and allows exactly one kind of request: video capture, which the
//! report form asks for when the resident presses "Ambil foto" (no microphone,
//! no screen, no geolocation, no notifications). The window only ever shows the
//! app's own pages (navigation is refused elsewhere), so no web page can ask.
//!
//! A kiosk must never open a file dialog (a visitor could browse the PC's disk):
//! every file chooser request is cancelled there; the form offers the camera instead.
//!
//! Pages are composited on the GPU only where there is one (`--gpu`, see
//! [`crate::config::Gpu`]): without one, WebKit's OpenGL compositing runs on Mesa's
//! software rasteriser and costs every repaint (a search keystroke) a frame or more,
//! while WebKit's own non-composited painting is fast.
//!
//! `PATI_MOCK_CAMERA=1` turns on WebKit's mock capture devices (a generated video
//! source), so the end-to-end tests exercise the real capture path under Xvfb on a
//! machine without a camera.

use tauri::{Runtime, WebviewWindow};

use crate::config::Gpu;

/// Applies the rendering, camera and file chooser rules to `window`'s webview.
pub fn configure<R: Runtime>(window: &WebviewWindow<R>, kiosk: bool, gpu: Gpu) {
    let mock = std::env::var("PATI_MOCK_CAMERA").as_deref() == Ok("1");
    let gpu = match gpu {
        Gpu::On => true,
        Gpu::Off => false,
        Gpu::Auto => platform::has_gpu(),
    };
    tracing::info!(gpu, "webview compositing");
    if let Err(e) = window.with_webview(move |w| platform::configure(w, kiosk, gpu, mock)) {
        tracing::warn!(error = %e, "cannot configure the webview: no camera capture");
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use webkit2gtk::glib::prelude::Cast;
    use webkit2gtk::{
        FileChooserRequestExt, HardwareAccelerationPolicy, PermissionRequestExt, SettingsExt,
        UserMediaPermissionRequest, UserMediaPermissionRequestExt, WebViewExt,
    };

    /// A DRM render node is what Mesa needs to draw on a GPU; without one its
    /// OpenGL is the software rasteriser.
    pub fn has_gpu() -> bool {
        std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
    }

    pub fn configure(w: tauri::webview::PlatformWebview, kiosk: bool, gpu: bool, mock: bool) {
        let view = w.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            if !gpu {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            settings.set_enable_media_stream(true);
            if mock {
                settings.set_enable_mock_capture_devices(true);
            }
        }
        view.connect_permission_request(|_, request| {
            match request.downcast_ref::<UserMediaPermissionRequest>() {
                Some(media) if media.is_for_video_device() && !media.is_for_audio_device() => {
                    tracing::info!("camera access allowed for a complaint photo");
                    request.allow();
                }
                _ => request.deny(),
            }
            true
        });
        if kiosk {
            view.connect_run_file_chooser(|_, request| {
                tracing::info!("file chooser refused in kiosk mode");
                request.cancel();
                true
            });
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    /// WebView2 and WKWebView choose their own rendering.
    pub fn has_gpu() -> bool {
        true
    }

    /// WebView2 and WKWebView ask the user through the operating system.
    pub fn configure(_: tauri::webview::PlatformWebview, _kiosk: bool, _gpu: bool, _mock: bool) {}
}
