package datetext

import "testing"

func TestLabel(t *testing.T) {
	tests := []struct{ prefix, want string }{
		// updated
		{"Updated on ", "updated"},
		{"Updated on", "updated"},
		{"Last updated: ", "updated"},
		{"LAST UPDATED ", "updated"},
		{"Last update:", "updated"},
		{"Modified ", "updated"},
		{"Last modified on ", "updated"},
		{"Revised ", "updated"},
		{"Aktualisiert am ", "updated"},
		{"Zuletzt aktualisiert am ", "updated"},
		{"Letzte Aktualisierung: ", "updated"},
		{"Zuletzt geändert: ", "updated"},
		{"Stand: ", "updated"},
		{"Mis à jour le ", "updated"},
		{"Mis\u00a0à\u00a0jour le ", "updated"},
		{"MIS À JOUR LE ", "updated"},
		{"Mis a jour le ", "updated"},
		{"Mise à jour : ", "updated"},
		{"Modifié le ", "updated"},
		{"Dernière modification : ", "updated"},
		{"Actualizado el ", "updated"},
		{"Última actualización: ", "updated"},
		{"Modificado el ", "updated"},
		{"Оновлено ", "updated"},
		{"Оновлено: ", "updated"},
		{"Останнє оновлення: ", "updated"},
		{"Змінено ", "updated"},
		{"Обновлено ", "updated"},
		{"Последнее обновление: ", "updated"},
		{"Изменено: ", "updated"},
		// published
		{"Posted on ", "published"},
		{"Posted by Jane Doe on ", "published"},
		{"Posted by J. R. Doe on ", "published"},
		{"Published ", "published"},
		{"Published on: ", "published"},
		{"Date published: ", "published"},
		{"Originally published ", "published"},
		{"Veröffentlicht am ", "published"},
		{"Veroeffentlicht am ", "published"},
		{"Publié le ", "published"},
		{"Publie le ", "published"},
		{"Date de publication : ", "published"},
		{"Publicado el ", "published"},
		{"Publicada el ", "published"},
		{"Fecha de publicación: ", "published"},
		{"Опубліковано ", "published"},
		{"Опубліковано: ", "published"},
		{"Дата публікації: ", "published"},
		{"Опубликовано ", "published"},
		{"Дата публикации: ", "published"},
		{"Добавлено: ", "published"},
		// the keyword nearest the date wins
		{"Posted on March 11, 2022 · Updated on ", "updated"},
		{"Updated on April 7, 2022 | Published ", "published"},
		{"Опубліковано 11 березня 2022 р. Оновлено ", "updated"},
		// a cut UTF-8 sequence at the start (callers slice bytes)
		{"\xb1\xd0\xbeновлено ", "updated"},
		// nothing
		{"", ""},
		{"   ", ""},
		{"By Jane Doe on ", ""},
		{"Date: ", ""},
		{"Home » Blog » ", ""},
		{"Comments ", ""},
		{"Standard ", ""},
		{"Unpublished ", ""},
		{"Public holiday on ", ""},
		{"Updatedness ", ""},
		{"The post was updated. Then, on ", ""},
		{"We updated it! On ", ""},
		{"Updated... on ", ""},
		{"Posted in News, Tips and a very long list of categories, on ", ""},
	}
	for _, tt := range tests {
		if got := Label(tt.prefix); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}
